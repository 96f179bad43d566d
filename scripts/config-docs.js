#!/usr/bin/env node
// @ts-check
/**
 * `npm run config:docs`: writes the README's configuration tables and `.env.example` from the
 * configuration tables the processes read (src/server/serverVariables.ts,
 * src/emulator/emulatorVariables.ts). `--check` (run by `npm run lint`) writes nothing and fails,
 * naming the stale file, when either differs from what the tables say.
 */
require('./tsRequire');
const { readFileSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');
const { renderEnvExample, renderTable, replaceBetween, uniqueByName } = require('./lib/configDocs');
const { SERVER_VARIABLES } = require('../src/server/serverVariables');
const { LAUNCHER_VARIABLES, EMULATOR_VARIABLES } = require('../src/emulator/emulatorVariables');

const ROOT = join(__dirname, '..');

/** @returns {{ file: string, text: string }[]} */
function generatedFiles() {
  const readmeFile = join(ROOT, 'README.md');
  let readme = readFileSync(readmeFile, 'utf8');
  readme = replaceBetween(readme, 'config:server', renderTable(SERVER_VARIABLES, 'production'));
  readme = replaceBetween(
    readme,
    'config:local',
    renderTable(uniqueByName([...LAUNCHER_VARIABLES, ...EMULATOR_VARIABLES]), 'local'),
  );
  return [
    { file: readmeFile, text: readme },
    { file: join(ROOT, '.env.example'), text: renderEnvExample(SERVER_VARIABLES) },
  ];
}

function main() {
  const check = process.argv.includes('--check');
  const stale = [];
  for (const { file, text } of generatedFiles()) {
    let current;
    try {
      current = readFileSync(file, 'utf8');
    } catch {
      current = '';
    }
    if (current === text) continue;
    if (check) stale.push(file.slice(ROOT.length + 1));
    else writeFileSync(file, text);
  }
  if (stale.length > 0) {
    console.error(
      `config:docs: ${stale.join(' and ')} ${stale.length > 1 ? 'do' : 'does'} not match the configuration tables (src/server/serverVariables.ts, src/emulator/emulatorVariables.ts): run npm run config:docs`,
    );
    process.exitCode = 1;
  }
}

main();
