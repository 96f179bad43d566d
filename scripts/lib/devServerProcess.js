// @ts-check
/**
 * The dev server as a background process, for `npm run start:*` (which return once it answers,
 * as `yo office` projects do) and `npm stop`: its process id and port in .data/dev-server.json,
 * its output in .data/dev-server.log.
 */
const { spawn } = require('node:child_process');
const { closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync } = require('node:fs');
const { join, resolve } = require('node:path');
const { portInUse } = require('./portCheck');

const ROOT = join(__dirname, '..', '..');
const STATE_DIR = join(ROOT, '.data');
const PID_FILE = join(STATE_DIR, 'dev-server.json');
const LOG_FILE = join(STATE_DIR, 'dev-server.log');
/** The first build of the pane comes before the server answers. */
const START_TIMEOUT_MS = 180_000;

/** @param {number} pid */
function isAlive(pid) {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  // Where the system says what a process runs, make sure this one is ours (ids are reused).
  const cmdline = `/proc/${pid}/cmdline`;
  return !existsSync(cmdline) || readFileSync(cmdline, 'utf8').includes('dev-server.js');
}

/** @returns {{ pid: number, port: number } | undefined} */
function runningDevServer() {
  if (!existsSync(PID_FILE)) return undefined;
  let recorded;
  try {
    recorded = JSON.parse(readFileSync(PID_FILE, 'utf8'));
  } catch {
    recorded = undefined;
  }
  if (Number.isInteger(recorded?.pid) && Number.isInteger(recorded?.port) && isAlive(recorded.pid))
    return { pid: recorded.pid, port: recorded.port };
  rmSync(PID_FILE, { force: true });
  return undefined;
}

/** @param {number} lines */
function logTail(lines) {
  return existsSync(LOG_FILE) ? readFileSync(LOG_FILE, 'utf8').trimEnd().split('\n').slice(-lines).join('\n') : '';
}

/**
 * Starts `npm run dev-server` in the background (unless one runs) and resolves once it answers.
 * @param {NodeJS.ProcessEnv} env
 * @param {number} port
 * @param {(line: string) => void} say
 * @returns {Promise<{ pid: number, port: number, started: boolean }>}
 */
async function ensureDevServer(env, port, say) {
  const running = runningDevServer();
  if (running !== undefined) {
    if (running.port !== port)
      throw new Error(
        `a dev server already runs on port ${running.port} (process ${running.pid}); stop it first with: npm stop`,
      );
    say(`the dev server already runs (process ${running.pid})`);
    return { ...running, started: false };
  }
  // Whatever answers there is not ours: waiting for "the dev server" would find that program.
  if (await portInUse(port)) {
    throw new Error(
      `port ${port} is already held by another program (local mode, or a server of your own?): stop it, or choose another port with PORT=<port> in the env file`,
    );
  }
  mkdirSync(STATE_DIR, { recursive: true });
  const log = openSync(LOG_FILE, 'w');
  const child = spawn(process.execPath, [join(ROOT, 'scripts', 'dev-server.js')], {
    cwd: ROOT,
    env,
    detached: true,
    stdio: ['ignore', log, log],
  });
  closeSync(log);
  child.unref();
  const pid = child.pid;
  if (pid === undefined) throw new Error('the dev server could not be started');
  writeFileSync(PID_FILE, `${JSON.stringify({ pid, port, startedAt: new Date().toISOString() })}\n`);
  say(`starting the dev server (process ${pid}; output in ${LOG_FILE})…`);
  let exited = false;
  child.once('exit', () => (exited = true));
  try {
    await waitUntilReady(port, env, () => !exited);
    // A program that took the port meanwhile may have answered instead: ours must still run.
    if (exited) throw new Error('the dev server stopped while starting');
  } catch (error) {
    await stopDevServer();
    const tail = logTail(15);
    throw new Error(
      `${error instanceof Error ? error.message : String(error)}${tail ? `\n--- last lines of ${LOG_FILE} ---\n${tail}` : ''}`,
      { cause: error },
    );
  }
  return { pid, port, started: true };
}

/**
 * @param {number} port
 * @param {NodeJS.ProcessEnv} env
 * @param {() => boolean} alive
 */
async function waitUntilReady(port, env, alive) {
  const { Agent, request } = require('undici');
  const caFile = join(resolve(env.LOCAL_STATE_DIR || join(ROOT, '.certs')), 'ca.crt');
  const deadline = Date.now() + START_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (!alive()) throw new Error('the dev server stopped while starting');
    if (existsSync(caFile)) {
      const dispatcher = new Agent({ connect: { ca: readFileSync(caFile, 'utf8') } });
      try {
        const res = await request(`https://localhost:${port}/healthz`, {
          dispatcher,
          headersTimeout: 2000,
          bodyTimeout: 2000,
        });
        await res.body.dump();
        if (res.statusCode === 200) return;
      } catch {
        // not answering yet
      } finally {
        await dispatcher.close();
      }
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`the dev server did not answer on https://localhost:${port} within ${START_TIMEOUT_MS / 1000} s`);
}

/**
 * Stops the background dev server, if one runs; resolves to its process id (or undefined).
 * @returns {Promise<number | undefined>}
 */
async function stopDevServer() {
  const running = runningDevServer();
  if (running === undefined) return undefined;
  const signal = (/** @type {NodeJS.Signals} */ sig) => {
    try {
      process.kill(running.pid, sig);
    } catch {
      // already gone
    }
  };
  signal('SIGTERM');
  const deadline = Date.now() + 10_000;
  while (isAlive(running.pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  if (isAlive(running.pid)) signal('SIGKILL');
  rmSync(PID_FILE, { force: true });
  return running.pid;
}

module.exports = { ensureDevServer, stopDevServer, runningDevServer, LOG_FILE };
