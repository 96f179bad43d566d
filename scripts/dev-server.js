#!/usr/bin/env node
// @ts-check
/**
 * `npm run dev-server`: the add-in against your own tenant (configured in .env), on
 * https://localhost:3000 (PORT) with the project's local certificates (trust them once with
 * `npm run certs:install`), the task pane rebuilt on every change without a restart.
 *
 *  1. reads .env and stops, naming what is missing, when no tenant is configured;
 *  2. builds the Node processes when needed, and makes the local certificates when needed;
 *  3. builds the pane with webpack in watch mode (development, stable file names) into
 *     build/dev-pane/, the folder the middle tier serves; writes the development manifest with
 *     your CLIENT_ID there too (served at /manifest.xml, which Excel on the web sideloads);
 *  4. runs the middle tier (build/server/main.js) with that environment, and says where it is.
 * A rebuilt pane is served at once (the middle tier reads the files per request); only a changed
 * taskpane.html restarts the middle tier. Ctrl-C stops everything.
 */
const { spawn } = require('node:child_process');
const { mkdirSync, readFileSync, writeFileSync } = require('node:fs');
const { join, resolve } = require('node:path');
const { ensureBuilt, ROOT } = require('./lib/build');
const { devServerPort, explainMissingTenant, loadDevEnvironment, missingTenantSettings } = require('./lib/devTenant');
const { portInUse } = require('./lib/portCheck');
const { renderManifest } = require('./manifest/generate');
const { loadSettings } = require('./manifest/settings');

const PANE_DIR = join(ROOT, 'build', 'dev-pane');
const READY_TIMEOUT_MS = 60_000;
/** @param {string} line */
const say = (line) => console.log(`[dev-server] ${line}`);

/**
 * The development manifest with this tenant's app registration, at this origin.
 * @param {string} clientId
 * @param {string} origin
 */
function devManifest(clientId, origin) {
  const dev = loadSettings(join(ROOT, 'manifests', 'environments'), 'dev');
  return renderManifest({
    ...dev,
    clientId: clientId.toLowerCase(),
    publicUrl: origin,
    supportUrl: `${origin}/support`,
  });
}

/** Webpack's task pane configuration, for watching: development mode, names that do not change between builds. */
function paneCompiler() {
  const webpack = require('webpack');
  const configs = require(join(ROOT, 'webpack.config.js'))({}, { mode: 'development' });
  const pane = configs.find((/** @type {{ name?: string }} */ c) => c.name === 'taskpane');
  if (pane === undefined) throw new Error('webpack.config.js has no "taskpane" configuration');
  return webpack({
    ...pane,
    mode: 'development',
    output: {
      ...pane.output,
      path: PANE_DIR,
      filename: '[name].js',
      chunkFilename: '[name].chunk.js',
      clean: { keep: /^manifest\.xml$/ },
    },
    performance: false,
    infrastructureLogging: { level: 'warn' },
  });
}

/**
 * @param {string} url
 * @param {string} caPem
 * @param {() => boolean} alive
 */
async function waitUntilAnswering(url, caPem, alive) {
  const { Agent, request } = require('undici');
  const dispatcher = new Agent({ connect: { ca: caPem } });
  const deadline = Date.now() + READY_TIMEOUT_MS;
  try {
    while (Date.now() < deadline) {
      if (!alive()) throw new Error('the middle tier exited while starting (its messages are above)');
      try {
        const res = await request(url, { dispatcher, headersTimeout: 2000, bodyTimeout: 2000 });
        await res.body.dump();
        if (res.statusCode === 200) return;
      } catch {
        // not listening yet
      }
      await new Promise((r) => setTimeout(r, 200));
    }
    throw new Error(`${url} did not answer within ${READY_TIMEOUT_MS / 1000} s`);
  } finally {
    await dispatcher.close();
  }
}

async function main() {
  const loaded = loadDevEnvironment(process.env);
  if ('error' in loaded) {
    console.error(`[dev-server] cannot read the env file:\n${loaded.error}`);
    return 1;
  }
  const missing = missingTenantSettings(loaded.env);
  if (missing.length > 0) {
    console.error(explainMissingTenant('npm run dev-server', missing, loaded.file));
    return 1;
  }
  const env = loaded.env;
  const checkedPort = devServerPort(env);
  if ('error' in checkedPort) {
    console.error(`[dev-server] ${checkedPort.error}`);
    return 1;
  }
  const { port } = checkedPort;
  if (await portInUse(port)) {
    console.error(
      `[dev-server] port ${port} is already in use (a dev server or local mode still running? "npm stop" stops a dev server); choose another with PORT=<port>`,
    );
    return 1;
  }
  const origin = `https://localhost:${port}`;

  ensureBuilt('node', say);
  const { ensureDevCertificates } = require(join(ROOT, 'build', 'emulator', 'devCerts.js'));
  const { ensureLocalSealingKey } = require(join(ROOT, 'build', 'emulator', 'localMode.js'));
  const stateDir = resolve(env.LOCAL_STATE_DIR || join(ROOT, '.certs'));
  const certs = ensureDevCertificates(stateDir);
  if (certs.renewed)
    say(
      'the local CA was renewed: if Office or your browser trusted the earlier one, run "npm run certs:install" again',
    );

  mkdirSync(PANE_DIR, { recursive: true });
  const compiler = paneCompiler();
  /** @type {import('node:child_process').ChildProcess | undefined} */
  let server;
  let stopping = false;
  let lastPage = '';

  const serverEnv = {
    ...env,
    PORT: String(port),
    PUBLIC_URL: env.PUBLIC_URL || origin,
    TLS_CERT_FILE: env.TLS_CERT_FILE || certs.certFile,
    TLS_KEY_FILE: env.TLS_KEY_FILE || certs.keyFile,
    STATIC_DIR: PANE_DIR,
    SEALING_KEY: env.SEALING_KEY || ensureLocalSealingKey(stateDir),
    REGISTRY_PATH: env.REGISTRY_PATH || join(ROOT, '.data', 'dev-server', 'registry.sqlite'),
  };
  const startServer = () => {
    const child = spawn(process.execPath, [join(ROOT, 'build', 'server', 'main.js'), '--no-env-file'], {
      env: serverEnv,
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    child.on('exit', (code, signal) => {
      if (server === child && !stopping) {
        console.error(`[dev-server] the middle tier exited (${signal ?? `code ${code}`}); stopping`);
        stop(1);
      }
    });
    server = child;
    return child;
  };
  /** @param {number} code */
  const stop = (code) => {
    if (stopping) return;
    stopping = true;
    const running = server;
    const finish = () => compiler.close(() => process.exit(code));
    if (running === undefined || running.exitCode !== null) return finish();
    const force = setTimeout(() => running.kill('SIGKILL'), 5000);
    running.once('exit', () => {
      clearTimeout(force);
      finish();
    });
    running.kill('SIGTERM');
  };
  process.on('SIGINT', () => stop(0));
  process.on('SIGTERM', () => stop(0));

  return new Promise((resolveRun) => {
    compiler.watch({ aggregateTimeout: 300 }, (error, stats) => {
      if (error || stats === undefined || stats.hasErrors()) {
        console.error(
          `[dev-server] the pane did not build:\n${error?.message ?? stats?.toString({ all: false, errors: true })}`,
        );
        if (server === undefined) say('fix the error; the pane is rebuilt when a file changes');
        return;
      }
      const page = readFileSync(join(PANE_DIR, 'taskpane.html'), 'utf8');
      const first = server === undefined;
      if (first) {
        const manifestFile = join(PANE_DIR, 'manifest.xml');
        writeFileSync(manifestFile, devManifest(String(env.CLIENT_ID), origin));
        startServer();
        waitUntilAnswering(`${origin}/healthz`, certs.caCertPem, () => server?.exitCode === null).then(
          () => {
            say(
              `ready: ${origin}/taskpane.html (tenant ${env.TENANT_ID}${loaded.file ? `, settings from ${loaded.file}` : ''})`,
            );
            say(`development manifest (your CLIENT_ID): ${manifestFile}, also served at ${origin}/manifest.xml`);
            say(
              'the pane rebuilds when you save; Ctrl-C stops. Sideload: npm run start:web -- --document <workbook URL>, or npm run start:desktop',
            );
            resolveRun(undefined);
          },
          (failure) => {
            console.error(`[dev-server] ${failure instanceof Error ? failure.message : String(failure)}`);
            stop(1);
          },
        );
      } else if (page !== lastPage) {
        say('taskpane.html changed: restarting the middle tier');
        const old = server;
        server = undefined;
        old?.once('exit', () => startServer());
        old?.kill('SIGTERM');
      } else {
        say(`pane rebuilt in ${stats.endTime - stats.startTime} ms`);
      }
      lastPage = page;
    });
  });
}

main().then(
  (code) => {
    if (typeof code === 'number') process.exit(code);
  },
  (error) => {
    console.error(`[dev-server] ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
