/**
 * Process entry of the middle tier: read `.env` (ENV_FILE, else ./.env; variables already in the
 * environment win; `--no-env-file` skips it, as local mode does), validate the configuration,
 * start, and shut down gracefully on SIGINT/SIGTERM (stop accepting, finish in-flight requests,
 * close the registry database).
 */
import type * as App from './app';
import { ConfigError, loadConfig, type ServerConfig } from './config';
import { EnvFileError, withEnvFile } from './envFile';
import { loadTelemetry } from './telemetry/loadTelemetry';
import { TELEMETRY_START_FAILED, type Telemetry } from './telemetry/telemetry';

/**
 * In-flight requests get this long to finish on SIGTERM/SIGINT (Graph retries are bounded well
 * below it); after that the process exits anyway rather than hang a deployment.
 */
const SHUTDOWN_GRACE_MS = 30_000;
/** A client certificate this close to expiry is announced at every start. */
const CERTIFICATE_WARNING_MS = 30 * 24 * 3600 * 1000;

function environment(): { env: NodeJS.ProcessEnv; file: string | undefined } {
  if (process.argv.includes('--no-env-file')) return { env: process.env, file: undefined };
  try {
    return withEnvFile(process.env, process.cwd());
  } catch (error) {
    if (error instanceof EnvFileError) {
      console.error(`The middle tier cannot start because of its env file ${error.file}:`);
      for (const line of error.problems) console.error(`  ${line}`);
      process.exit(1);
    }
    throw error;
  }
}

async function main(): Promise<void> {
  const { env, file } = environment();
  let config: ServerConfig;
  try {
    config = loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(
        `The middle tier cannot start because of its configuration${file === undefined ? '' : ` (environment and ${file})`}:`,
      );
      for (const line of error.problems) console.error(`  ${line}`);
      process.exit(1);
    }
    throw error;
  }

  // The SDKs read the rest of their standard variables (OTEL_* sampler, batching, timeouts,
  // resource attributes; APPLICATIONINSIGHTS_* options) from the process environment: those of
  // the env file reach them too.
  for (const [name, value] of Object.entries(env)) {
    if ((name.startsWith('OTEL_') || name.startsWith('APPLICATIONINSIGHTS_')) && process.env[name] === undefined)
      process.env[name] = value;
  }
  let telemetry: Telemetry;
  try {
    telemetry = await loadTelemetry(config.telemetry, {
      version: packageVersion(),
      sealingKey: config.sealingKeys.current,
      registry: config.registryUrl === null ? 'sqlite' : 'postgresql',
    });
  } catch (error) {
    if (!(error instanceof Error) || error.name !== TELEMETRY_START_FAILED) throw error;
    console.error(`The middle tier cannot start: ${error.message}`);
    process.exit(1);
  }
  // Loaded only now: the PostgreSQL instrumentation must be in place before \`pg\` is first required.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { createServer } = require('./app') as typeof App;
  const server = await createServer(config, { telemetry });
  let url: string;
  try {
    url = await server.listen();
  } catch (error) {
    const problem = listenProblem(error, config);
    if (problem === undefined) throw error;
    console.error(`The middle tier cannot start: ${problem}`);
    process.exit(1);
  }
  server.app.log.info(
    { url, envFile: file },
    `Workbook Sessions middle tier listening on ${url} (public URL ${config.publicUrl})`,
  );
  if (config.tls === null) server.app.log.info('serving plain HTTP to the TLS-terminating proxy named by TRUST_PROXY');
  const credential = config.clientCredential;
  if (credential.kind === 'certificate' && credential.notAfter - Date.now() < CERTIFICATE_WARNING_MS) {
    server.app.log.warn(
      { notAfter: new Date(credential.notAfter).toISOString() },
      'the client certificate (CLIENT_CERTIFICATE_FILE) expires within 30 days: upload a new one to the app registration and point CLIENT_CERTIFICATE_FILE at it',
    );
  }

  let stopping = false;
  const stop = (signal: NodeJS.Signals): void => {
    if (stopping) return;
    stopping = true;
    server.app.log.info({ signal }, 'shutting down: no new connections, finishing requests in flight');
    setTimeout(() => {
      server.app.log.error(
        { graceMs: SHUTDOWN_GRACE_MS },
        'shutdown took too long; exiting with requests still in flight',
      );
      process.exit(1);
    }, SHUTDOWN_GRACE_MS).unref();
    server.close().then(
      () => process.exit(0),
      (error: unknown) => {
        server.app.log.error({ err: error }, 'error during shutdown');
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

/** What the administrator must change when the socket cannot be opened, naming the variable. */
function listenProblem(error: unknown, config: ServerConfig): string | undefined {
  const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
  const where = `${config.host}:${config.port}`;
  switch (code) {
    case 'EADDRINUSE':
      return `PORT ${config.port} is already in use on ${config.host} (another process listens there): stop it, or set PORT to a free port.`;
    case 'EACCES':
      return `PORT ${config.port} needs privileges this process lacks (${where}): use a port above 1023 with a port redirect, or let the service bind low ports.`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
    case 'EADDRNOTAVAIL':
      return `HOST "${config.host}" is not an address of this machine: set it to localhost, 127.0.0.1, 0.0.0.0 (every interface, as in a container) or one of the machine's own addresses.`;
    default:
      return undefined;
  }
}

/** The version in package.json (two levels up from build/server or src/server). */
function packageVersion(): string {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { version } = require('../../package.json') as { version?: unknown };
    return typeof version === 'string' ? version : 'unknown';
  } catch {
    return 'unknown';
  }
}

main().catch((error: unknown) => {
  console.error('The middle tier failed to start:', error instanceof Error ? error.message : error);
  process.exit(1);
});
