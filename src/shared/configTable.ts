/**
 * Configuration as data: each process describes the environment variables it reads in one table
 * (name, check, default, secret or not, which modes need it, what it is for). The loader reads
 * values through the table, so a variable that is not in it cannot be read, and the README's
 * tables and `.env.example` are generated from the same rows (`npm run config:docs`).
 *
 * The checks are the one way a port, a URL, a duration, a boolean or a list is validated: each
 * pushes one line naming the variable onto `problems` and returns a placeholder, so a loader
 * collects every problem before it fails. Checks of values that need files or more context (PEM
 * files, credentials, proxies) stay beside their mechanism and are named `custom` here.
 */
import { isHttpsUrl } from './url';

export type Mode = 'local' | 'production';

export interface Check<T> {
  /** What a value must be, as the generated documentation states it. */
  readonly rule: string;
  parse(name: string, text: string, problems: string[]): T;
}

export interface ConfigVariable<N extends string = string, T = unknown> {
  readonly name: N;
  readonly check: Check<T>;
  /** The value when unset, as an operator would write it. */
  readonly default?: string;
  /** The default as the documentation shows it, when it differs from `default` (a computed path). */
  readonly shownDefault?: string;
  /** A credential or key: commented out without a value in `.env.example`, never repeated in messages. */
  readonly secret?: boolean;
  /** The modes in which it must be set (local mode's launcher sets it there). */
  readonly requiredIn?: readonly Mode[];
  /** The heading it is listed under in `.env.example`. */
  readonly group: string;
  readonly description: string;
}

export type Env = Readonly<Record<string, string | undefined>>;
type NameOf<Table extends readonly ConfigVariable[]> = Table[number]['name'];
type ValueOf<Table extends readonly ConfigVariable[], N> =
  Extract<Table[number], { name: N }> extends ConfigVariable<string, infer T> ? T : never;

export function variable<N extends string, T>(
  name: N,
  check: Check<T>,
  about: Omit<ConfigVariable<N, T>, 'name' | 'check'>,
): ConfigVariable<N, T> {
  return { name, check, ...about };
}

/** Reads a process's variables through its table: trimmed text or the table's default, and checked values. */
export function tableReader<Table extends readonly ConfigVariable[]>(table: Table, env: Env, problems: string[]) {
  const row = (name: string): ConfigVariable => {
    const found = table.find((v) => v.name === name);
    if (found === undefined) throw new Error(`${name} is not in the configuration table`);
    return found;
  };
  const isSet = (name: NameOf<Table>): boolean => (env[name] ?? '').trim() !== '';
  const text = (name: NameOf<Table>, fallback?: string): string =>
    isSet(name) ? (env[name] ?? '').trim() : (fallback ?? row(name).default ?? '');
  const value = <N extends NameOf<Table>>(name: N): ValueOf<Table, N> =>
    row(name).check.parse(name, text(name), problems) as ValueOf<Table, N>;
  return { isSet, text, value };
}

/** Free text (a value checked elsewhere, or not at all). */
export const custom = (rule: string): Check<string> => ({ rule, parse: (_name, text) => text });

/** Empty stays null; anything else goes through `check`. */
export function optional<T>(check: Check<T>): Check<T | null> {
  return {
    rule: check.rule,
    parse: (name, text, problems) => (text === '' ? null : check.parse(name, text, problems)),
  };
}

export function port(min = 0): Check<number> {
  return {
    rule: `port, ${min}–65535${min === 0 ? ' (0: any free port)' : ''}`,
    parse(name, text, problems) {
      const value = Number(text);
      if (!/^\d+$/.test(text) || value < min || value > 65535) {
        problems.push(`${name} must be a port number from ${min} to 65535 (got "${text}").`);
        return NaN;
      }
      return value;
    },
  };
}

/** A whole number of seconds, returned in milliseconds; `why` says why the minimum is what it is. */
export function seconds(min: number, max: number, why = ''): Check<number> {
  return durationIn('seconds', 1000, min, max, why);
}

export function milliseconds(min: number, max: number): Check<number> {
  return durationIn('milliseconds', 1, min, max, '');
}

function durationIn(unit: string, factor: number, min: number, max: number, why: string): Check<number> {
  return {
    rule: `${unit}, ${min}–${max}`,
    parse(name, text, problems) {
      const value = Number(text);
      if (!/^\d+$/.test(text) || value < min || value > max) {
        problems.push(`${name} must be a whole number of ${unit} from ${min} to ${max}${why} (got "${text}").`);
        return NaN;
      }
      return value * factor;
    },
  };
}

/** A non-negative count where 0 turns the limit off. */
export const count: Check<number> = {
  rule: 'integer, 0 (off)–1000000',
  parse(name, text, problems) {
    const value = Number(text);
    if (!/^\d+$/.test(text) || value > 1_000_000) {
      problems.push(`${name} must be an integer from 0 (no limit) to 1000000 (got "${text}").`);
      return 0;
    }
    return value;
  },
};

export const boolean: Check<boolean> = {
  rule: 'true or false',
  parse(name, text, problems) {
    const lower = text.toLowerCase();
    if (lower !== 'true' && lower !== 'false') problems.push(`${name} must be true or false (got "${text}").`);
    return lower === 'true';
  },
};

export function oneOf<const V extends string>(values: readonly V[]): Check<V> {
  return {
    rule: values.join(', '),
    parse(name, text, problems) {
      const lower = text.toLowerCase();
      if (!(values as readonly string[]).includes(lower))
        problems.push(`${name} must be one of ${values.join(', ')} (got "${lower}").`);
      return lower as V;
    },
  };
}

export const hostName: Check<string> = {
  rule: 'host name or IP address',
  parse(name, text, problems) {
    if (!/^[A-Za-z0-9.:[\]-]+$/.test(text)) problems.push(`${name} must be a host name or IP address (got "${text}").`);
    return text;
  },
};

/** Entries separated by commas or white space, each matching `entry`; `what` names the list in a message. */
export function list(entry: RegExp, what: string): Check<string[]> {
  return {
    rule: what,
    parse(name, text, problems) {
      const entries = text.split(/[\s,]+/).filter((s) => s !== '');
      const bad = entries.find((s) => !entry.test(s));
      if (entries.length === 0 || bad !== undefined)
        problems.push(`${name} must be a ${what} (bad entry: "${bad ?? ''}").`);
      return entries;
    },
  };
}

/**
 * An https URL without user name or password, returned without trailing slashes. `origin`: no
 * path, query or fragment; `path`: a path but no query or fragment; `any`: as given.
 */
export function httpsUrl(shape: 'origin' | 'path' | 'any'): Check<string> {
  const limits = {
    origin: 'an https origin without path, query or fragment',
    path: 'an https URL without query or fragment',
    any: 'an https URL',
  };
  return {
    rule: limits[shape].replace(/^an /, ''),
    parse(name, text, problems) {
      if (!isHttpsUrl(text)) {
        problems.push(`${name} must be an https URL (got "${text}").`);
        return text;
      }
      if (shape === 'any') return text;
      const url = new URL(text);
      const hasPath = url.pathname !== '/' && url.pathname !== '';
      if (url.search !== '' || url.hash !== '' || (shape === 'origin' && hasPath))
        problems.push(`${name} must be ${limits[shape]} (got "${text}").`);
      return text.replace(/\/+$/, '');
    },
  };
}
