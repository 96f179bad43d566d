// Lets plain `node` require TypeScript files, compiled on the fly with the project's own @swc/core
// settings (the same transform jest uses): no build step, no extra package.
const fs = require('node:fs');
const path = require('node:path');
const swc = require('@swc/core');

const root = path.join(__dirname, '..');
const options = {
  ...JSON.parse(fs.readFileSync(path.join(root, '.swcrc.json'), 'utf8')),
  swcrc: false,
  sourceMaps: 'inline',
};
require.extensions['.ts'] = (module, filename) => {
  const { code } = swc.transformSync(fs.readFileSync(filename, 'utf8'), { ...options, filename });
  module._compile(code, filename);
};
