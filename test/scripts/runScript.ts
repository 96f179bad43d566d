/**
 * Runs an npm script's file as `npm run …` would (node scripts/<file>), in a clean environment:
 * a throwaway HOME, no .env but the one a test names (ENV_FILE), so a developer's own settings
 * never leak in. spawnSync's timeout bounds every run; a hung script fails its test.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const ROOT = join(__dirname, '..', '..');

export interface ScriptRun {
  status: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** A fresh folder with an empty env file in it. */
export function sandbox(envFileText = ''): { dir: string; envFile: string } {
  const dir = mkdtempSync(join(tmpdir(), 'wbs-script-'));
  const envFile = join(dir, 'test.env');
  writeFileSync(envFile, envFileText);
  return { dir, envFile };
}

export function runScript(
  script: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  options: { timeoutMs?: number; nodeArgs?: string[] } = {},
): ScriptRun {
  const run = spawnSync(process.execPath, [...(options.nodeArgs ?? []), join(ROOT, 'scripts', script), ...args], {
    cwd: ROOT,
    env: { PATH: process.env.PATH, ...env },
    encoding: 'utf8',
    timeout: options.timeoutMs ?? 60_000,
  });
  return { status: run.status, signal: run.signal, stdout: run.stdout, stderr: run.stderr };
}
