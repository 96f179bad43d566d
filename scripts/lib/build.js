// @ts-check
/**
 * Builds what an npm script needs when the sources are newer than the last build:
 *   'node'  build/ (the middle tier, the emulator, the local-mode launcher) with tsc;
 *   'all'   that and dist/ (the task pane) with webpack — `npm run build`.
 * Tools run through this Node (never through a shell or PATH), so a script works wherever node does.
 */
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.join(__dirname, '..', '..');
const STAMPS = { all: path.join(ROOT, 'build', '.build-stamp'), node: path.join(ROOT, 'build', '.node-build-stamp') };
const INPUTS = {
  node: [
    'src/shared',
    'src/server',
    'src/emulator',
    'tsconfig.json',
    'tsconfig.base.json',
    'tsconfig.build.json',
    'package-lock.json',
  ],
  all: [
    'src',
    'assets',
    'webpack.config.js',
    'scripts/webpack',
    'tsconfig.json',
    'tsconfig.base.json',
    'tsconfig.build.json',
    'package-lock.json',
    'manifest.xml',
  ],
};
const OUTPUTS = {
  node: ['build/server/main.js', 'build/emulator/main.js', 'build/emulator/devCerts.js'],
  all: [
    'build/server/main.js',
    'build/emulator/main.js',
    'dist/taskpane.html',
    'build/emulator-public/excel-web-host.js',
    'build/emulator-public/naa-bridge.js',
  ],
};

/** @param {string} p @returns {number} */
function newestMtime(p) {
  if (!fs.existsSync(p)) return 0;
  const stat = fs.statSync(p);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return fs.readdirSync(p).reduce((max, name) => Math.max(max, newestMtime(path.join(p, name))), stat.mtimeMs);
}

/** @param {string} file */
const stampTime = (file) => (fs.existsSync(file) ? fs.statSync(file).mtimeMs : 0);

/** @param {string} label @param {string} script @param {string[]} args */
function runTool(label, script, args) {
  const result = spawnSync(process.execPath, [require.resolve(script, { paths: [ROOT] }), ...args], {
    cwd: ROOT,
    stdio: 'inherit',
  });
  if (result.status !== 0) throw new Error(`${label} failed (exit ${result.status ?? result.signal})`);
}

/**
 * Builds unconditionally and records it, so a later `npm start` does not build the same sources again.
 * @param {'node' | 'all'} what
 */
function build(what) {
  runTool('tsc', 'typescript/bin/tsc', ['-p', 'tsconfig.build.json']);
  if (what === 'all')
    runTool('webpack', 'webpack-cli/bin/cli.js', ['--mode', 'production', '--stats', 'errors-warnings']);
  fs.mkdirSync(path.dirname(STAMPS[what]), { recursive: true });
  fs.writeFileSync(STAMPS[what], `${new Date().toISOString()}\n`);
}

/**
 * @param {'node' | 'all'} what
 * @param {(line: string) => void} [say]
 */
function ensureBuilt(what, say = (line) => console.log(line)) {
  // A full build is also a node build.
  const built = what === 'node' ? Math.max(stampTime(STAMPS.node), stampTime(STAMPS.all)) : stampTime(STAMPS.all);
  const missing = OUTPUTS[what].some((f) => !fs.existsSync(path.join(ROOT, f)));
  const newest = Math.max(...INPUTS[what].map((p) => newestMtime(path.join(ROOT, p))));
  if (!missing && newest <= built) return;
  const why =
    built === 0
      ? 'first build'
      : missing
        ? 'part of the last build is missing'
        : 'sources changed since the last build';
  say(`building ${what === 'node' ? 'the Node processes' : 'the add-in'} (${why})…`);
  build(what);
}

module.exports = { build, ensureBuilt, ROOT, STAMPS };
