// @ts-check
/**
 * The `.env` file for the npm scripts (dev-server, start:*): the same format and rules as the
 * middle tier's src/server/envFile.ts, which the scripts cannot load before a build. One test
 * (test/scripts/envFile.test.ts) runs the same cases through both.
 */
const { existsSync, readFileSync } = require('node:fs');
const { resolve } = require('node:path');
const { parseEnv } = require('node:util');

class EnvFileError extends Error {
  /** @param {string} file @param {string[]} problems */
  constructor(file, problems) {
    super(`${file}:\n${problems.map((p) => `  ${p}`).join('\n')}`);
    this.name = 'EnvFileError';
    this.file = file;
    this.problems = problems;
  }
}

const ENTRY = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=(.*)$/;

/**
 * @param {string} text
 * @param {string} file
 * @returns {Record<string, string>}
 */
function parseEnvText(text, file) {
  /** @type {string[]} */
  const problems = [];
  /** @type {Map<string, number>} */
  const firstLine = new Map();
  text.split(/\r?\n/).forEach((line, index) => {
    const trimmed = line.trim();
    if (trimmed === '' || trimmed.startsWith('#')) return;
    const match = ENTRY.exec(line);
    const name = match?.[1];
    const rest = (match?.[2] ?? '').trim();
    if (name === undefined) {
      problems.push(`line ${index + 1}: expected NAME=value`);
      return;
    }
    const quote = rest[0];
    if ((quote === '"' || quote === "'" || quote === '`') && !closesOnSameLine(rest, quote)) {
      problems.push(`line ${index + 1}: the value of ${name} opens a quote that does not close on the same line`);
    }
    const seen = firstLine.get(name);
    if (seen !== undefined) problems.push(`line ${index + 1}: ${name} is set again (first set on line ${seen})`);
    else firstLine.set(name, index + 1);
  });
  if (problems.length > 0) throw new EnvFileError(file, problems);
  const parsed = parseEnv(text);
  /** @type {Record<string, string>} */
  const values = {};
  for (const name of firstLine.keys()) values[name] = parsed[name] ?? '';
  return values;
}

/** @param {string} value @param {string} quote */
function closesOnSameLine(value, quote) {
  for (let i = 1; i < value.length; i++) {
    if (value[i] === '\\' && quote === '"') i++;
    else if (value[i] === quote) return true;
  }
  return false;
}

/**
 * ENV_FILE when set (it must exist), else `.env` in `cwd` when present.
 * @param {NodeJS.ProcessEnv} env
 * @param {string} cwd
 * @returns {{ file: string | undefined, explicit: boolean }}
 */
function envFileFor(env, cwd) {
  const named = env.ENV_FILE?.trim();
  if (named !== undefined && named !== '') return { file: resolve(cwd, named), explicit: true };
  const implicit = resolve(cwd, '.env');
  return { file: existsSync(implicit) ? implicit : undefined, explicit: false };
}

/**
 * The environment with the env file's variables underneath it (the environment wins).
 * @param {NodeJS.ProcessEnv} env
 * @param {string} cwd
 * @returns {{ env: NodeJS.ProcessEnv, file: string | undefined }}
 */
function withEnvFile(env, cwd) {
  const { file, explicit } = envFileFor(env, cwd);
  if (file === undefined) return { env, file };
  let text;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw new EnvFileError(file, [explicit ? 'ENV_FILE names a file that cannot be read' : 'the file cannot be read']);
  }
  /** @type {NodeJS.ProcessEnv} */
  const defined = {};
  for (const [name, value] of Object.entries(env)) if (value !== undefined) defined[name] = value;
  return { env: { ...parseEnvText(text, file), ...defined }, file };
}

module.exports = { EnvFileError, parseEnvText, envFileFor, withEnvFile };
