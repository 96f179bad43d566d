// @ts-check
/**
 * The developer's own tenant, for `npm run dev-server` and `npm run start:*`: read from `.env`
 * (ENV_FILE, else .env at the repository root; the environment wins), and checked for what the
 * middle tier needs before anything is built or started.
 */
const { join } = require('node:path');
require('../tsRequire');
// The middle tier's own reader (no build needed): the scripts and the server read one format.
const { EnvFileError, withEnvFile } = require('../../src/server/envFile');
const { port } = require('../../src/shared/configTable');

const ROOT = join(__dirname, '..', '..');

/**
 * @param {NodeJS.ProcessEnv} processEnv
 * @returns {{ env: NodeJS.ProcessEnv, file: string | undefined } | { error: string }}
 */
function loadDevEnvironment(processEnv) {
  try {
    return withEnvFile(processEnv, ROOT);
  } catch (error) {
    if (error instanceof EnvFileError) return { error: `${error.message}` };
    throw error;
  }
}

/**
 * The tenant settings that are missing, by the names to set.
 * @param {NodeJS.ProcessEnv} env
 */
function missingTenantSettings(env) {
  const empty = (/** @type {string} */ name) => (env[name] ?? '').trim() === '';
  const missing = ['TENANT_ID', 'CLIENT_ID'].filter(empty);
  if (empty('CLIENT_SECRET') && empty('CLIENT_CERTIFICATE_FILE'))
    missing.push('CLIENT_SECRET (or CLIENT_CERTIFICATE_FILE)');
  return missing;
}

/**
 * What to tell a developer whose tenant is not configured.
 * @param {string} command
 * @param {string[]} missing
 * @param {string | undefined} file
 */
function explainMissingTenant(command, missing, file) {
  return [
    `${command} runs the add-in against your own Microsoft 365 tenant, but no tenant is configured.`,
    `Missing: ${missing.join(', ')} (${file === undefined ? 'no .env file, and not in the environment' : `neither in ${file} nor in the environment`}).`,
    'Copy .env.example to .env and fill in your app registration (docs/deployment.md, "Register the add-in", says how).',
    'To try the add-in without a tenant, run: npm start (local mode).',
  ].join('\n');
}

/**
 * The dev server's PORT (3000 when unset), checked as the middle tier checks ports
 * (src/shared/configTable.ts), except that 0 is refused: the manifest names a fixed port.
 * @param {NodeJS.ProcessEnv} env
 * @returns {{ port: number } | { error: string }}
 */
function devServerPort(env) {
  /** @type {string[]} */
  const problems = [];
  const value = port(1).parse('PORT', (env.PORT ?? '').trim() || '3000', problems);
  return problems[0] === undefined ? { port: value } : { error: problems[0] };
}

module.exports = { devServerPort, loadDevEnvironment, missingTenantSettings, explainMissingTenant };
