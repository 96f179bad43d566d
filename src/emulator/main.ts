/**
 * Process entry of the emulator (`node build/emulator/main.js`). Reads the environment
 * (emulatorConfig.ts), starts, prints its URL, and closes cleanly on SIGINT/SIGTERM.
 */
import { createEmulator } from './createEmulator';
import { readEmulatorConfig } from './emulatorConfig';

async function main(): Promise<void> {
  const config = readEmulatorConfig(process.env);
  if (!config.ok) {
    for (const problem of config.problems) console.error(`emulator: ${problem}`);
    process.exitCode = 1;
    return;
  }
  const emulator = await createEmulator(config.options);
  const { webHost, entra, graph, cdn } = emulator.origins;
  console.log(`emulator: local Microsoft 365 listening: Excel on the web (dev host page) ${webHost}/, Entra ID ${entra}, Graph ${graph}/v1.0, office.js CDN ${cdn}`);

  let closing = false;
  const stop = (signal: NodeJS.Signals): void => {
    if (closing) return;
    closing = true;
    console.log(`emulator: ${signal} received, closing`);
    emulator.close().then(
      () => {
        process.exitCode = 0;
      },
      (error: unknown) => {
        console.error('emulator: error while closing', error);
        process.exitCode = 1;
      },
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error('emulator: failed to start:', error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
