/**
 * Local mode: the README's run command. With no configuration at all it
 *   1. generates the localhost certificates once (into .certs/, ignored by git) and a per-machine
 *      client secret for the local app registration;
 *   2. starts the emulator (Excel on the web, Entra ID, Graph, the office.js CDN: one origin each,
 *      see common/serviceOrigins.ts) and waits until it answers;
 *   3. starts the middle tier pointed at the emulator and waits until it answers;
 *   4. prints the dev host URL, and stops both cleanly on Ctrl-C.
 * The two parts run as separate processes, exactly as in production the middle tier and
 * Microsoft 365 are separate: the middle tier only sees the emulator as URLs in its environment.
 *
 * Both keep their state in `.data/` (localWorld.ts), so a restart finds the same sessions on
 * both sides. The launcher owns both processes, so it is the one that resets the world: when the
 * emulator is reset (`POST /_emulator/reset`) it asks over its IPC channel, and the launcher
 * stops the middle tier, deletes local mode's own registry and starts it again. `--fresh` deletes
 * both before starting.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer as createNetServer } from 'node:net';
import { join, resolve } from 'node:path';
import { Agent, request } from 'undici';
import { LOCAL_MODE } from '../shared/localMode';
import { ensureDevCertificates, spkiSha256Base64, type DevCertificates } from './devCerts';
import {
  OTHER_SERVICES,
  type OtherService,
  SERVICE_PORT_OFFSETS,
  SERVICE_PORT_VARIABLES,
  type ServiceOrigins,
} from './common/serviceOrigins';
import { LAUNCHER_VARIABLES } from './emulatorVariables';
import { port, tableReader } from '../shared/configTable';
import { localWorldOf, removeEmulatorState, removeOwnRegistry, type LocalWorld } from './localWorld';
import { isRegistryResetRequest, type RegistryResetAnswer } from './registryResetChannel';

const REPO = resolve(__dirname, '..', '..');

export interface LocalModeSettings {
  addinPort: number;
  /** The emulated Excel on the web (the dev host page, the control API). */
  emulatorPort: number;
  /** Entra ID, Graph and the office.js CDN: EMULATOR_PORT +1, +2, +3 unless moved. */
  servicePorts: Record<OtherService, number>;
  stateDir: string;
  world: LocalWorld;
}

type LauncherPortName = Exclude<(typeof LAUNCHER_VARIABLES)[number]['name'], 'LOCAL_STATE_DIR'>;

/** Reads the few knobs local mode has (emulatorVariables.ts); each wrong value is named on its own line. */
export function localModeSettings(env: NodeJS.ProcessEnv): LocalModeSettings {
  const problems: string[] = [];
  const { text } = tableReader(LAUNCHER_VARIABLES, env, problems);
  // Local mode prints fixed URLs, so none of its ports may be 0 (any free port).
  const fixedPort = (name: LauncherPortName, fallback?: string): number =>
    port(1).parse(name, text(name, fallback), problems);
  const addinPort = fixedPort('PORT');
  const emulatorPort = fixedPort('EMULATOR_PORT');
  const servicePorts = { entra: 0, graph: 0, cdn: 0 };
  for (const service of OTHER_SERVICES)
    servicePorts[service] = fixedPort(
      SERVICE_PORT_VARIABLES[service],
      String(emulatorPort + SERVICE_PORT_OFFSETS[service]),
    );
  const stateDir = resolve(text('LOCAL_STATE_DIR') || join(REPO, '.certs'));
  const settings = {
    addinPort,
    emulatorPort,
    servicePorts,
    stateDir,
    world: localWorldOf(env, stateDir),
  };
  const named = portsByVariable(settings);
  for (const [i, [name, value]] of named.entries()) {
    const clash = named.slice(0, i).find(([, other]) => other === value);
    if (clash) problems.push(`${clash[0]} and ${name} must differ (both ${value}): move one with its variable`);
  }
  if (problems.length > 0) throw new Error(problems.join('\n'));
  return settings;
}

/** The local app registration's client secret: random, made once per machine, never committed. */
export function ensureLocalClientSecret(stateDir: string): string {
  const file = join(stateDir, 'local-mode.json');
  if (existsSync(file)) {
    const parsed: unknown = JSON.parse(readFileSync(file, 'utf8'));
    const secret = (parsed as { clientSecret?: unknown }).clientSecret;
    if (typeof secret === 'string' && secret.length >= 32) return secret;
  }
  mkdirSync(stateDir, { recursive: true });
  const clientSecret = randomBytes(32).toString('base64url');
  writeFileSync(file, JSON.stringify({ clientSecret }, null, 2) + '\n', { mode: 0o600 });
  return clientSecret;
}

/**
 * The local middle tier's SEALING_KEY (secrets at rest in its registry): random, made once per
 * machine beside the client secret, so a restart can still open what the last run sealed.
 */
export function ensureLocalSealingKey(stateDir: string): string {
  const file = join(stateDir, 'local-sealing-key');
  if (existsSync(file)) {
    const key = readFileSync(file, 'utf8').trim();
    if (Buffer.from(key, 'base64').length >= 32) return key;
  }
  mkdirSync(stateDir, { recursive: true });
  const key = randomBytes(32).toString('base64');
  writeFileSync(file, key + '\n', { mode: 0o600 });
  return key;
}

/** Every port of local mode with the variable that moves it. */
function portsByVariable(
  settings: Pick<LocalModeSettings, 'addinPort' | 'emulatorPort' | 'servicePorts'>,
): [string, number][] {
  return [
    ['PORT', settings.addinPort],
    ['EMULATOR_PORT', settings.emulatorPort],
    ...OTHER_SERVICES.map((service): [string, number] => [
      SERVICE_PORT_VARIABLES[service],
      settings.servicePorts[service],
    ]),
  ];
}

/** The origin of each emulated service in local mode. */
export function localOrigins(settings: Pick<LocalModeSettings, 'emulatorPort' | 'servicePorts'>): ServiceOrigins {
  const at = (port: number): string => `https://localhost:${port}`;
  return {
    webHost: at(settings.emulatorPort),
    entra: at(settings.servicePorts.entra),
    graph: at(settings.servicePorts.graph),
    cdn: at(settings.servicePorts.cdn),
  };
}

/** Environment for each process; exported so tests can start the same processes. */
export function processEnvironments(
  settings: LocalModeSettings,
  certs: Pick<DevCertificates, 'caFile' | 'certFile' | 'keyFile'>,
  clientSecret: string,
): { emulator: NodeJS.ProcessEnv; server: NodeJS.ProcessEnv } {
  const origins = localOrigins(settings);
  const addinOrigin = `https://localhost:${settings.addinPort}`;
  return {
    emulator: {
      EMULATOR_PORT: String(settings.emulatorPort),
      ...Object.fromEntries(
        OTHER_SERVICES.map((service) => [SERVICE_PORT_VARIABLES[service], String(settings.servicePorts[service])]),
      ),
      EMULATOR_TLS_CERT_FILE: certs.certFile,
      EMULATOR_TLS_KEY_FILE: certs.keyFile,
      EMULATOR_CLIENT_SECRET: clientSecret,
      ADDIN_ORIGIN: addinOrigin,
      EMULATOR_STATE_DIR: settings.world.dataDir,
    },
    server: {
      PORT: String(settings.addinPort),
      PUBLIC_URL: addinOrigin,
      TLS_CERT_FILE: certs.certFile,
      TLS_KEY_FILE: certs.keyFile,
      TENANT_ID: LOCAL_MODE.tenantId,
      CLIENT_ID: LOCAL_MODE.clientId,
      CLIENT_SECRET: clientSecret,
      AUTHORITY_HOST: origins.entra,
      GRAPH_BASE_URL: `${origins.graph}/v1.0`,
      OUTBOUND_CA_FILE: certs.caFile,
      // Microsoft's office.js from the CDN's stand-in; the NAA bridge office.js lacks, from the
      // emulated Excel on the web, which also frames the pane and the dialog.
      OFFICE_JS_URL: `${origins.cdn}/lib/1/hosted/office.js`,
      OFFICE_HOST_BRIDGE_URL: `${origins.webHost}/_host/naa-bridge.js`,
      OFFICE_WEB_ORIGINS: origins.webHost,
      // A registry the user chose (REGISTRY_URL, REGISTRY_PATH) comes with their environment.
      ...(settings.world.ownRegistryPath === undefined ? {} : { REGISTRY_PATH: settings.world.ownRegistryPath }),
    },
  };
}

/** Fails with one line per busy port, naming the variable that moves it. */
export async function checkPortsFree(
  settings: Pick<LocalModeSettings, 'addinPort' | 'emulatorPort' | 'servicePorts'>,
): Promise<void> {
  const busy: string[] = [];
  for (const [name, port] of portsByVariable(settings)) {
    if (!(await portIsFree(port)))
      busy.push(
        `port ${port} is already in use (another local mode still running?): stop it, or choose another with ${name}=<port>`,
      );
  }
  if (busy.length > 0) throw new Error(busy.join('\n'));
}

function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolveFree) => {
    const probe = createNetServer();
    probe.once('error', () => resolveFree(false));
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolveFree(true)));
  });
}

async function waitUntilAnswering(url: string, ca: string, child: ChildProcess, timeoutMs = 20_000): Promise<void> {
  const dispatcher = new Agent({ connect: { ca } });
  const deadline = Date.now() + timeoutMs;
  try {
    while (Date.now() < deadline) {
      if (child.exitCode !== null)
        throw new Error(`${url} did not start: its process exited with code ${child.exitCode}`);
      try {
        const res = await request(url, { dispatcher, headersTimeout: 2000, bodyTimeout: 2000 });
        await res.body.dump();
        if (res.statusCode < 500) return;
      } catch {
        // not listening yet
      }
      await new Promise((r) => setTimeout(r, 150));
    }
    throw new Error(`${url} did not answer within ${timeoutMs / 1000} s`);
  } finally {
    await dispatcher.close();
  }
}

function startProcess(
  name: string,
  script: string,
  env: NodeJS.ProcessEnv,
  args: string[] = [],
  ipc = false,
): ChildProcess {
  // Each child gets the parent's environment plus its own settings; it prints its own log lines.
  const child = spawn(process.execPath, [join(REPO, 'build', script), ...args], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'inherit', 'inherit', ...(ipc ? ['ipc' as const] : [])],
  });
  child.on('error', (err) => console.error(`[local mode] ${name} failed to start: ${err.message}`));
  return child;
}

/** The launcher's own arguments: `--fresh` starts both sides empty. */
export function launcherArguments(argv: readonly string[]): { fresh: boolean } {
  const unknown = argv.filter((a) => a !== '--fresh');
  if (unknown.length > 0)
    throw new Error(
      `unknown argument ${unknown.join(' ')} (local mode takes only --fresh: start with an empty emulator and registry)`,
    );
  return { fresh: argv.includes('--fresh') };
}

export async function main(argv: readonly string[] = process.argv.slice(2)): Promise<void> {
  const { fresh } = launcherArguments(argv);
  const settings = localModeSettings(process.env);
  await checkPortsFree(settings);
  const certs = ensureDevCertificates(settings.stateDir);
  const clientSecret = ensureLocalClientSecret(settings.stateDir);
  const env = processEnvironments(settings, certs, clientSecret);
  env.server.SEALING_KEY = ensureLocalSealingKey(settings.stateDir);
  if (fresh) {
    removeEmulatorState(settings.world);
    const emptied = removeOwnRegistry(settings.world);
    console.log(
      `[local mode] --fresh: the emulator's saved state was deleted${emptied ? ' and so was the local registry' : '; the registry is your own (REGISTRY_URL or REGISTRY_PATH) and was left alone'}`,
    );
  }
  let emulator: ChildProcess | undefined;
  let server: ChildProcess | undefined;
  let stopping = false;
  let restartingServer = false;
  const running = (): ChildProcess[] => [emulator, server].filter((c): c is ChildProcess => c !== undefined);
  const exited = (child: ChildProcess): Promise<void> =>
    child.exitCode !== null || child.signalCode !== null
      ? Promise.resolve()
      : new Promise((r) => child.once('exit', () => r()));

  const stop = (code: number): void => {
    if (stopping) return;
    stopping = true;
    console.log('\n[local mode] stopping…');
    const children = running();
    for (const child of children) if (child.exitCode === null) child.kill('SIGTERM');
    const force = setTimeout(() => children.forEach((c) => c.exitCode === null && c.kill('SIGKILL')), 5000);
    Promise.all(children.map(exited)).then(() => {
      clearTimeout(force);
      process.exit(code);
    });
  };
  process.on('SIGINT', () => stop(0));
  process.on('SIGTERM', () => stop(0));

  const startServer = async (): Promise<void> => {
    // Local mode is configured completely here: a real tenant's .env must not leak into it.
    const child = startProcess('middle tier', 'server/main.js', env.server, ['--no-env-file']);
    server = child;
    child.on(
      'exit',
      (code) =>
        !stopping &&
        !restartingServer &&
        (console.error(`[local mode] the middle tier exited (code ${code})`), stop(1)),
    );
    await waitUntilAnswering(`https://localhost:${settings.addinPort}/taskpane.html`, certs.caCertPem, child);
  };

  // The emulator's reset: the middle tier stops, local mode's registry goes, the middle tier starts again.
  let resets = Promise.resolve();
  const resetRegistry = async (): Promise<RegistryResetAnswer['outcome']> => {
    if (settings.world.ownRegistryPath === undefined) return 'notLocal';
    const current = server;
    restartingServer = true;
    try {
      if (current !== undefined && current.exitCode === null) {
        current.kill('SIGTERM');
        await exited(current);
      }
      removeOwnRegistry(settings.world);
      await startServer();
    } finally {
      restartingServer = false;
    }
    return 'emptied';
  };
  const answerReset = (child: ChildProcess, id: string): void => {
    resets = resets.then(async () => {
      let answer: RegistryResetAnswer;
      try {
        answer = { type: 'registry-reset-done', id, outcome: await resetRegistry() };
      } catch (err) {
        answer = {
          type: 'registry-reset-done',
          id,
          outcome: 'emptied',
          error: err instanceof Error ? err.message : String(err),
        };
      }
      if (child.connected) child.send(answer);
      // Without its middle tier local mode is not running: say why and stop, as at start.
      if (answer.error !== undefined) {
        console.error(`[local mode] the reset could not restart the middle tier: ${answer.error}`);
        stop(1);
      }
    });
  };

  try {
    const child = startProcess('emulator', 'emulator/main.js', env.emulator, [], true);
    emulator = child;
    child.on(
      'exit',
      (code) => !stopping && (console.error(`[local mode] the emulator exited (code ${code})`), stop(1)),
    );
    child.on('message', (message: unknown) => {
      if (isRegistryResetRequest(message) && !stopping) answerReset(child, message.id);
    });
    await waitUntilAnswering(`https://localhost:${settings.emulatorPort}/_emulator/state`, certs.caCertPem, child);
    await startServer();
  } catch (err) {
    console.error((err instanceof Error ? err.message : String(err)).replace(/^/gm, '[local mode] '));
    stop(1);
    return;
  }

  console.log(
    [
      '',
      'Workbook Sessions is running in local mode.',
      `  Dev host (open this):  https://localhost:${settings.emulatorPort}/`,
      `  Task pane:             https://localhost:${settings.addinPort}/taskpane.html`,
      `  Emulator state:        https://localhost:${settings.emulatorPort}/_emulator/state`,
      `  Entra ID:              ${localOrigins(settings).entra}   Graph: ${localOrigins(settings).graph}/v1.0   office.js CDN: ${localOrigins(settings).cdn}`,
      `  Saved state:           ${settings.world.dataDir} (kept across restarts; "npm start -- --fresh" starts empty)`,
      `  Local CA certificate:  ${certs.caFile} (can only vouch for localhost; expires ${new Date(certs.notAfter).toISOString().slice(0, 10)})`,
      ...(certs.renewed
        ? ['The local CA was renewed: if you trusted the earlier one, run "npm run certs:install" again.']
        : []),
      'To open the dev host in your own browser, run "npm run certs:install" once (it trusts this CA),',
      'or start Chromium with just this certificate allowed:',
      `  chromium --user-data-dir=/tmp/wbs-chromium --ignore-certificate-errors-spki-list=${spkiSha256Base64(certs.certPem)} https://localhost:${settings.emulatorPort}/`,
      'Press Ctrl-C to stop.',
      '',
    ].join('\n'),
  );
}

if (require.main === module) {
  main().catch((err: unknown) => {
    console.error((err instanceof Error ? err.message : String(err)).replace(/^/gm, '[local mode] '));
    process.exit(1);
  });
}
