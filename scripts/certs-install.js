#!/usr/bin/env node
// @ts-check
/**
 * `npm run certs:install [-- --dry-run]`: trusts the project's own local CA — the one local mode
 * and `npm run dev-server` serve with (.certs/, or LOCAL_STATE_DIR) — in the trust stores that
 * Office and the browsers use on this operating system (scripts/certs/trustPlan.js). The CA can
 * only vouch for localhost and lives 30 days (src/emulator/devCerts.ts): run this again when it
 * is renewed; the launchers say when.
 *
 * Every step that cannot be done here (no root and no password-less sudo, no certutil, an
 * unknown distribution) is listed with the exact command to run; the exit code is then 1. Nothing
 * waits for a password: sudo is only used when it does not prompt. `--dry-run` prints the plan,
 * those hand-over steps included, changes nothing and exits 0.
 */
const { spawnSync } = require('node:child_process');
const { existsSync, readdirSync } = require('node:fs');
const { delimiter, join, resolve } = require('node:path');
const { homedir } = require('node:os');
const { ensureBuilt, ROOT } = require('./lib/build');
const { asShell, planTrust } = require('./certs/trustPlan');

/** Windows and macOS ask the user to confirm; give them time, but never wait forever. */
const STEP_TIMEOUT_MS = 120_000;

/**
 * A tool on PATH, or in the sbin folders that a non-root user's PATH often lacks.
 * @param {string} tool
 * @param {NodeJS.ProcessEnv} env
 */
function findTool(tool, env) {
  const dirs = [...(env.PATH ?? '').split(delimiter).filter(Boolean), '/usr/sbin', '/sbin'];
  const names = process.platform === 'win32' ? [`${tool}.exe`, `${tool}.cmd`, tool] : [tool];
  for (const dir of dirs) for (const name of names) if (existsSync(join(dir, name))) return join(dir, name);
  return undefined;
}

/** @param {string} home */
function firefoxProfiles(home) {
  return [join(home, '.mozilla', 'firefox'), join(home, 'snap', 'firefox', 'common', '.mozilla', 'firefox')].flatMap(
    (base) => {
      try {
        return readdirSync(base)
          .map((name) => join(base, name))
          .filter((dir) => existsSync(join(dir, 'cert9.db')));
      } catch {
        return [];
      }
    },
  );
}

function main() {
  const args = process.argv.slice(2);
  const dryRun = args.includes('--dry-run');
  const unknown = args.filter((a) => a !== '--dry-run');
  if (unknown.length > 0) {
    console.error(`certs:install: unexpected argument "${unknown[0]}"\nusage: npm run certs:install [-- --dry-run]`);
    return 2;
  }
  ensureBuilt('node', (line) => console.log(`[certs:install] ${line}`));
  const { ensureDevCertificates } = require(join(ROOT, 'build', 'emulator', 'devCerts.js'));
  const stateDir = resolve(process.env.LOCAL_STATE_DIR || join(ROOT, '.certs'));
  const certs = ensureDevCertificates(stateDir);
  const home = process.env.HOME || homedir();
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  const sudo = isRoot ? undefined : findTool('sudo', process.env);
  const steps = planTrust({
    platform: process.platform,
    caFile: certs.caFile,
    home,
    isRoot,
    findTool: (tool) => findTool(tool, process.env),
    // -n: never prompt; a sudo that would ask for a password answers "no" at once.
    sudoWithoutPrompt:
      sudo !== undefined && spawnSync(sudo, ['-n', 'true'], { stdio: 'ignore', timeout: 5000 }).status === 0,
    firefoxProfiles: firefoxProfiles(home),
    chromiumDbExists: existsSync(join(home, '.pki', 'nssdb', 'cert9.db')),
  });

  console.log(
    `Local CA: ${certs.caFile} (can only vouch for localhost; valid until ${new Date(certs.notAfter).toISOString().slice(0, 10)})`,
  );
  /** @type {string[]} */
  const manual = [];
  for (const step of steps) {
    if (step.manual !== undefined) {
      manual.push(`${step.store}: ${step.manual}`);
      continue;
    }
    if (dryRun) {
      console.log(`would add it to ${step.store}:  ${asShell(step.commands)}`);
      continue;
    }
    for (const command of step.cleanup ?? [])
      spawnSync(command[0] ?? '', command.slice(1), { stdio: 'ignore', timeout: STEP_TIMEOUT_MS });
    const failed = step.commands.find((command) => {
      const run = spawnSync(command[0] ?? '', command.slice(1), {
        stdio: ['inherit', 'pipe', 'pipe'],
        encoding: 'utf8',
        timeout: STEP_TIMEOUT_MS,
      });
      if (run.status === 0) return false;
      console.error(
        run.stderr?.trim() || run.error?.message || `${command[0]} exited with ${run.status ?? run.signal}`,
      );
      return true;
    });
    if (failed === undefined) console.log(`added to ${step.store}`);
    else manual.push(`${step.store}: "${failed.join(' ')}" failed; run  ${asShell(step.commands)}`);
  }
  if (dryRun) {
    // A dry run changes nothing, so nothing failed: it lists what a real run could not do by itself.
    if (manual.length > 0)
      console.log(
        `A real run could not do these by itself; they would be left to do by hand:\n${manual.map((m) => `  - ${m}`).join('\n')}`,
      );
    console.log('Nothing was changed (--dry-run).');
    return 0;
  }
  if (manual.length > 0) {
    console.error(
      `certs:install: the CA is not trusted everywhere yet. Do this by hand:\n${manual.map((m) => `  - ${m}`).join('\n')}`,
    );
    return 1;
  }
  console.log('Done: restart Office and the browsers so they read the new trust settings.');
  return 0;
}

try {
  process.exit(main());
} catch (error) {
  console.error(`certs:install: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
