/**
 * The optional `.env` file of the middle tier: `NAME=value` lines read with Node's own parser
 * (`util.parseEnv`, the format of `node --env-file`), after a stricter check of their shape so a
 * typo is reported with its line number instead of being silently ignored. Variables already in
 * the environment win over the file, so a host's settings always override a file left on disk.
 *
 * Format: one `NAME=value` (or `export NAME=value`) per line; `#` starts a comment line, and
 * ends an unquoted value, so quote values that contain `#`; values span one line. Messages
 * name lines and variables, never values (the file holds secrets).
 * The npm scripts (scripts/lib/devTenant.js) load this module too, so both read one format.
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseEnv } from 'node:util';

export class EnvFileError extends Error {
  constructor(
    readonly file: string,
    readonly problems: string[],
  ) {
    super(`${file}:\n${problems.map((p) => `  ${p}`).join('\n')}`);
    this.name = 'EnvFileError';
  }
}

const ENTRY = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=(.*)$/;

/** Parses the text of an env file; throws EnvFileError naming every bad line. */
export function parseEnvText(text: string, file: string): Record<string, string> {
  const problems: string[] = [];
  const firstLine = new Map<string, number>();
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
  const values: Record<string, string> = {};
  for (const name of firstLine.keys()) values[name] = parsed[name] ?? '';
  return values;
}

function closesOnSameLine(value: string, quote: string): boolean {
  for (let i = 1; i < value.length; i++) {
    if (value[i] === '\\' && quote === '"') i++;
    else if (value[i] === quote) return true;
  }
  return false;
}

export interface EnvFileChoice {
  /** The file to read: ENV_FILE when set (it must exist), else `.env` in `cwd` when present. */
  file: string | undefined;
  /** True when the file was named explicitly (a missing explicit file is an error). */
  explicit: boolean;
}

function envFileFor(env: NodeJS.ProcessEnv, cwd: string): EnvFileChoice {
  const named = env.ENV_FILE?.trim();
  if (named !== undefined && named !== '') return { file: resolve(cwd, named), explicit: true };
  const implicit = resolve(cwd, '.env');
  return { file: existsSync(implicit) ? implicit : undefined, explicit: false };
}

/**
 * The environment with the env file's variables added underneath it. Returns the file read (or
 * undefined) so the caller can say where its settings came from.
 */
export function withEnvFile(env: NodeJS.ProcessEnv, cwd: string): { env: NodeJS.ProcessEnv; file: string | undefined } {
  const { file, explicit } = envFileFor(env, cwd);
  if (file === undefined) return { env, file };
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw new EnvFileError(file, [explicit ? 'ENV_FILE names a file that cannot be read' : 'the file cannot be read']);
  }
  return { env: { ...parseEnvText(text, file), ...definedOnly(env) }, file };
}

/** Variables set to a value; an empty value in the environment still wins (it is a deliberate setting). */
function definedOnly(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const out: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(env)) if (value !== undefined) out[name] = value;
  return out;
}
