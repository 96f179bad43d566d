#!/usr/bin/env node
// `npm run bench`: runs bench/*.bench.ts (TypeScript compiled on the fly with the project's own
// @swc/core settings, the same transform jest uses — no build step, no extra package).
const fs = require('node:fs');
const path = require('node:path');
require('./tsRequire');

const root = path.join(__dirname, '..');

const only = process.argv[2];
const files = fs
  .readdirSync(path.join(root, 'bench'))
  .filter((f) => f.endsWith('.bench.ts') && (!only || f.includes(only)))
  .sort();
(async () => {
  for (const file of files) {
    console.log(`\n# ${file}`);
    const { run } = require(path.join(root, 'bench', file));
    await run();
  }
})().catch((error) => {
  console.error(error);
  process.exit(1);
});
