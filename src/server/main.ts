/**
 * Process entry of the middle tier: validate the environment, start, and shut down gracefully
 * on SIGINT/SIGTERM (stop accepting, finish in-flight requests, close the registry database).
 */
import { ConfigError, loadConfig, type ServerConfig } from './config';
import { createServer } from './app';

/**
 * In-flight requests get this long to finish on SIGTERM/SIGINT (Graph retries are bounded well
 * below it); after that the process exits anyway rather than hang a deployment.
 */
const SHUTDOWN_GRACE_MS = 30_000;

async function main(): Promise<void> {
  let config: ServerConfig;
  try {
    config = loadConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error('The middle tier cannot start because of its configuration:');
      for (const line of error.problems) console.error(`  ${line}`);
      process.exit(1);
    }
    throw error;
  }

  const server = await createServer(config);
  const url = await server.listen();
  server.app.log.info({ url }, `Workbook Sessions middle tier listening on ${url} (public URL ${config.publicUrl})`);

  let stopping = false;
  const stop = (signal: NodeJS.Signals): void => {
    if (stopping) return;
    stopping = true;
    server.app.log.info({ signal }, 'shutting down: no new connections, finishing requests in flight');
    setTimeout(() => {
      server.app.log.error({ graceMs: SHUTDOWN_GRACE_MS }, 'shutdown took too long; exiting with requests still in flight');
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

main().catch((error: unknown) => {
  console.error('The middle tier failed to start:', error instanceof Error ? error.message : error);
  process.exit(1);
});
