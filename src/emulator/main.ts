/**
 * Process entry of the emulator (`node build/emulator/main.js`). Reads the environment
 * (emulatorConfig.ts), starts, prints its URL, and closes cleanly on SIGINT/SIGTERM (saving its
 * state when EMULATOR_STATE_DIR is set). Under local mode's launcher the process has an IPC
 * channel: a reset asks the launcher to empty the registry as well.
 */
import { createEmulator } from './createEmulator';
import { readEmulatorConfig } from './emulatorConfig';
import { requestRegistryReset } from './registryResetChannel';

async function main(): Promise<void> {
  const config = readEmulatorConfig(process.env);
  if (!config.ok) {
    for (const problem of config.problems) console.error(`emulator: ${problem}`);
    process.exitCode = 1;
    return;
  }
  // Started by local mode's launcher (an IPC channel): a reset empties its registry too.
  const onReset =
    typeof process.send === 'function'
      ? async (): Promise<void> => {
          const outcome = await requestRegistryReset();
          console.log(
            outcome === 'emptied'
              ? 'emulator: reset; the local registry was emptied too'
              : "emulator: reset; the registry is not local mode's own (REGISTRY_URL or REGISTRY_PATH set) and was left alone",
          );
        }
      : undefined;
  const emulator = await createEmulator(onReset === undefined ? config.options : { ...config.options, onReset });
  const { webHost, entra, graph, cdn } = emulator.origins;
  console.log(
    `emulator: local Microsoft 365 listening: Excel on the web (dev host page) ${webHost}/, Entra ID ${entra}, Graph ${graph}/v1.0, office.js CDN ${cdn}`,
  );

  let closing = false;
  const stop = (signal: NodeJS.Signals): void => {
    if (closing) return;
    closing = true;
    console.log(`emulator: ${signal} received, closing`);
    emulator.close().then(
      () => {
        // The launcher's IPC channel would keep the process alive.
        if (process.connected) process.disconnect();
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
