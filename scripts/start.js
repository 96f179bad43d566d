#!/usr/bin/env node
// `npm start`: build when the sources are newer than the last build, then run local mode
// (src/emulator/localMode.ts). With no configuration this is the whole add-in on this machine;
// `npm start -- --fresh` starts it with an empty emulator and registry.
const path = require('node:path');
const { ensureBuilt, ROOT } = require('./lib/build');

try {
  ensureBuilt('all', (line) => console.log(`[start] ${line}`));
} catch (err) {
  console.error(`[start] ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
}
require(path.join(ROOT, 'build', 'emulator', 'localMode.js'))
  .main()
  .catch((err) => {
    console.error((err instanceof Error ? err.message : String(err)).replace(/^/gm, '[local mode] '));
    process.exit(1);
  });
