#!/usr/bin/env node
// `npm start`: build when the sources are newer than the last build, then run local mode
// (src/emulator/localMode.ts). With no configuration this is the whole add-in on this machine.
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const root = path.join(__dirname, '..');
const stamp = path.join(root, 'build', '.build-stamp');
const inputs = ['src', 'assets', 'webpack.config.js', 'tsconfig.json', 'tsconfig.base.json', 'tsconfig.build.json', 'package-lock.json', 'manifest.xml'];

function newestMtime(p) {
  if (!fs.existsSync(p)) return 0;
  const stat = fs.statSync(p);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return fs.readdirSync(p).reduce((max, name) => Math.max(max, newestMtime(path.join(p, name))), stat.mtimeMs);
}

function buildIfNeeded() {
  const built = fs.existsSync(stamp) ? fs.statSync(stamp).mtimeMs : 0;
  const needed = ['build/server/main.js', 'build/emulator/main.js', 'build/emulator-public/office-host.js', 'dist/taskpane.html'].some((f) => !fs.existsSync(path.join(root, f)));
  const newest = Math.max(...inputs.map((p) => newestMtime(path.join(root, p))));
  if (!needed && newest <= built) return;
  console.log('[start] building (sources changed since the last build)…');
  const result = spawnSync(process.platform === 'win32' ? 'npm.cmd' : 'npm', ['run', '--silent', 'build'], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
  fs.writeFileSync(stamp, new Date().toISOString() + '\n');
}

buildIfNeeded();
require(path.join(root, 'build', 'emulator', 'localMode.js'))
  .main()
  .catch((err) => {
    console.error((err instanceof Error ? err.message : String(err)).replace(/^/gm, '[local mode] '));
    process.exit(1);
  });
