/**
 * Which engine a test file runs in: the jest project says so (`globals.__ENGINE__` in
 * jest.config.js: `e2e-webkit`, `e2e-firefox`); the `e2e` project runs the same files in Chromium.
 */
import { launchChromiumEngine } from './chromium';
import { launchFirefox } from './firefox';
import { ENGINES, type EngineBrowser, type EngineName, type LaunchOptions } from './types';
import { launchWebKit } from './webkit';

export function currentEngine(): EngineName {
  const chosen = (globalThis as { __ENGINE__?: unknown }).__ENGINE__ ?? 'chromium';
  if (!ENGINES.includes(chosen as EngineName))
    throw new Error(`unknown browser engine ${String(chosen)}: expected one of ${ENGINES.join(', ')}`);
  return chosen as EngineName;
}

export function launchEngine(engine: EngineName, options: LaunchOptions): Promise<EngineBrowser> {
  switch (engine) {
    case 'chromium':
      return launchChromiumEngine(options);
    case 'firefox':
      return launchFirefox(options);
    case 'webkit':
      return launchWebKit(options);
  }
}
