#!/usr/bin/env node
// `npm test`: every test through one runner (jest), on a fresh production build, ending with the
// line "N passed, N failed" computed from jest's own JSON results.
//   npm test                 all projects (unit, taskpane, integration, e2e)
//   npm test -- --selectProjects unit     extra arguments go to jest
//   npm test -- --engine webkit           one engine's browser suites only (chromium, webkit or firefox)
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const root = path.join(__dirname, '..');
const reportFile = path.join(root, 'reports', 'jest-results.json');
const ENGINE_PROJECTS = { chromium: ['e2e'], webkit: ['e2e-webkit'], firefox: ['e2e-firefox'] };

/** `--engine <name>` (or `--engine=<name>`) becomes that engine's jest project; the rest goes to jest as is. */
function jestArgs(args) {
  const out = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg !== '--engine' && !arg.startsWith('--engine=')) {
      out.push(arg);
      continue;
    }
    const engine = arg === '--engine' ? args[++i] : arg.slice('--engine='.length);
    const projects = ENGINE_PROJECTS[engine];
    if (projects === undefined) {
      console.error(`[test] unknown engine "${engine}": use one of ${Object.keys(ENGINE_PROJECTS).join(', ')}`);
      process.exit(2);
    }
    out.push('--selectProjects', ...projects);
  }
  return out;
}

const extraArgs = jestArgs(process.argv.slice(2));

function ensureSystemTools() {
  // The browser tests drive Debian's Chromium, WebKitGTK (WebKitWebDriver, under Xvfb) and Firefox
  // ESR; the registry tests start a private PostgreSQL
  // cluster from the server binaries; the metrics test scrapes with Prometheus. Install them when
  // missing and we
  // are allowed to (root with apt), otherwise say exactly what is missing.
  const hasPostgres = () =>
    process.env.PG_BIN_DIR ||
    (fs.existsSync('/usr/lib/postgresql') &&
      fs.readdirSync('/usr/lib/postgresql').some((v) => fs.existsSync(`/usr/lib/postgresql/${v}/bin/initdb`)));
  const missing = [
    ['chromium', () => fs.existsSync('/usr/bin/chromium')],
    ['webkit2gtk-driver', () => fs.existsSync('/usr/bin/WebKitWebDriver')],
    ['xvfb', () => fs.existsSync('/usr/bin/Xvfb')],
    ['firefox-esr', () => fs.existsSync('/usr/bin/firefox-esr')],
    ['postgresql', hasPostgres],
    ['prometheus', () => fs.existsSync('/usr/bin/prometheus')],
  ]
    .filter(([, present]) => !present())
    .map(([pkg]) => pkg);
  if (missing.length === 0) return;
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!isRoot || !fs.existsSync('/usr/bin/apt-get')) {
    console.error(
      `[test] missing system packages: ${missing.join(', ')} (install them with: sudo apt-get install -y ${missing.join(' ')})`,
    );
    process.exit(1);
  }
  console.log(`[test] installing ${missing.join(', ')} with apt-get…`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  for (const args of [['update'], ['install', '-y', '--no-install-recommends', ...missing]]) {
    const r = spawnSync('apt-get', args, { stdio: 'inherit', env });
    if (r.status !== 0) process.exit(r.status ?? 1);
  }
}

function run(cmd, args, env = {}) {
  return spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
}

ensureSystemTools();

const build = run('npm', ['run', '--silent', 'build']);
if (build.status !== 0) {
  console.log('0 passed, 1 failed');
  process.exit(build.status ?? 1);
}

fs.mkdirSync(path.dirname(reportFile), { recursive: true });
fs.rmSync(reportFile, { force: true });
const jest = run(process.execPath, [
  require.resolve('jest/bin/jest', { paths: [root] }),
  '--ci',
  '--json',
  `--outputFile=${reportFile}`,
  ...extraArgs,
]);

let summary;
try {
  summary = JSON.parse(fs.readFileSync(reportFile, 'utf8'));
} catch {
  console.log('0 passed, 1 failed');
  process.exit(jest.status || 1);
}
const passed = summary.numPassedTests;
const failed = summary.numFailedTests + (summary.numRuntimeErrorTestSuites || 0);
const skipped = summary.numPendingTests + summary.numTodoTests;
if (summary.numTotalTests === 0) {
  console.log('no test ran');
  console.log('0 passed, 1 failed');
  process.exit(1);
}
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(jest.status === 0 && failed === 0 ? 0 : 1);
