/**
 * The fault rules a test installs with `POST /_emulator/faults`, and their validation. A rule
 * names a route, a kind of misbehaviour, and how often it fires (probability per matching
 * request, and an optional cap on the number of firings).
 */
import { graphErrors } from '../graph/graphErrors';
import { type GraphFailure, STATUS_MESSAGES } from '../graph/graphFailures';
import { isPlainObject, parseJson } from '../common/requestContext';

/** Graph operations a rule can target, the outer `$batch` request, and the token endpoint. */
export const FAULT_ROUTES = [
  'createSession',
  'refreshSession',
  'closeSession',
  'shares',
  'driveItem',
  'batch',
  'token',
  'any',
] as const;
export type FaultRoute = (typeof FAULT_ROUTES)[number];
export const FAULT_KINDS = [
  'throttle',
  'unavailable',
  'gatewayTimeout',
  'graphError',
  'insufficientClaims',
  'latency',
  'reset',
] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];
/** Kinds that answer with an error status (the others act on the connection). */
export type StatusFaultKind = Extract<
  FaultKind,
  'throttle' | 'unavailable' | 'gatewayTimeout' | 'graphError' | 'insufficientClaims'
>;

export interface FaultRule {
  id: string;
  route: FaultRoute;
  kind: FaultKind;
  /** Chance of firing on each matching request, 0..1. */
  probability: number;
  /** Fire at most this many times (absent: no limit). */
  count?: number;
  /** Sent as `Retry-After` (throttle: default 1; the other status kinds: only when given). */
  retryAfterSeconds?: number;
  /** latency: delay before the normal answer. */
  latencyMs?: number;
  /** graphError: the answer (status 400-599, code, message, inner-error chain). */
  error?: GraphFailure;
  /**
   * insufficientClaims: the moment (epoch seconds, emulator clock) of the critical event, such as
   * the user's sessions being revoked; tokens issued before it are challenged. Default: the
   * second after the rule set is installed, so every token issued until then is challenged.
   */
  revokedAtSeconds?: number;
}

/** A rule as a client sends it: the id, the probability and an error's message may be left to their defaults. */
export type FaultRuleInput = Omit<FaultRule, 'id' | 'probability' | 'error'> & {
  id?: string;
  probability?: number;
  error?: Omit<GraphFailure, 'message'> & { message?: string };
};

export interface FaultRuleSet {
  seed: number;
  rules: FaultRule[];
}

/** Used when a rule set gives no seed, so an unseeded run is reproducible too. */
export const DEFAULT_FAULT_SEED = 20270301;
export const DEFAULT_THROTTLE_RETRY_AFTER_SECONDS = 1;
const MAX_RULES = 100;
const MAX_LATENCY_MS = 120_000;
const MAX_RETRY_AFTER_SECONDS = 3600;
const RULE_ID = /^[A-Za-z0-9._:-]{1,64}$/;
const RULE_FIELDS = new Set([
  'id',
  'route',
  'kind',
  'probability',
  'count',
  'retryAfterSeconds',
  'latencyMs',
  'error',
  'revokedAtSeconds',
]);
// Seconds since the epoch up to the year 2100: anything else is not a moment a test means.
const MAX_EPOCH_SECONDS = 4_102_444_800;
const ERROR_CODE = /^[A-Za-z][A-Za-z0-9._-]{0,99}$/;
const MAX_MESSAGE = 1000;
const MAX_INNER_DEPTH = 5;

export function isStatusFault(kind: FaultKind): kind is StatusFaultKind {
  return (
    kind === 'throttle' ||
    kind === 'unavailable' ||
    kind === 'gatewayTimeout' ||
    kind === 'graphError' ||
    kind === 'insufficientClaims'
  );
}

/** Parses and validates a rule set; throws a 400 naming the first problem. `nowMs`: the emulator clock, for defaults. */
export function readFaultRuleSet(text: string, nowMs: number): FaultRuleSet {
  const parsed = parseJson(text);
  if (!parsed.ok || !isPlainObject(parsed.value))
    throw graphErrors.invalidBody('The body must be a JSON object {"seed"?, "rules": [...]}.');
  const { seed, rules, ...rest } = parsed.value;
  const unknown = Object.keys(rest)[0];
  if (unknown !== undefined) throw graphErrors.invalidBody(`Unknown property '${unknown}'.`);
  if (seed !== undefined && (typeof seed !== 'number' || !Number.isSafeInteger(seed)))
    throw graphErrors.invalidBody("'seed' must be an integer.");
  if (!Array.isArray(rules)) throw graphErrors.invalidBody("'rules' must be an array.");
  if (rules.length > MAX_RULES) throw graphErrors.invalidBody(`At most ${MAX_RULES} rules.`);
  const valid = rules.map((rule: unknown, index) => readRule(rule, index, nowMs));
  const ids = new Set<string>();
  for (const rule of valid) {
    if (ids.has(rule.id)) throw graphErrors.invalidBody(`Rule id '${rule.id}' is used twice.`);
    ids.add(rule.id);
  }
  return { seed: seed ?? DEFAULT_FAULT_SEED, rules: valid };
}

function readRule(value: unknown, index: number, nowMs: number): FaultRule {
  const where = `rules[${index}]`;
  if (!isPlainObject(value)) throw graphErrors.invalidBody(`${where} must be an object.`);
  const unknown = Object.keys(value).find((k) => !RULE_FIELDS.has(k));
  if (unknown !== undefined) throw graphErrors.invalidBody(`${where} has an unknown property '${unknown}'.`);
  const { id, route, kind, probability, count, retryAfterSeconds, latencyMs, error, revokedAtSeconds } = value;
  if (id !== undefined && (typeof id !== 'string' || !RULE_ID.test(id)))
    throw graphErrors.invalidBody(`${where}.id must be 1-64 characters of [A-Za-z0-9._:-].`);
  if (!(FAULT_ROUTES as readonly unknown[]).includes(route))
    throw graphErrors.invalidBody(`${where}.route must be one of ${FAULT_ROUTES.join(', ')}.`);
  if (!(FAULT_KINDS as readonly unknown[]).includes(kind))
    throw graphErrors.invalidBody(`${where}.kind must be one of ${FAULT_KINDS.join(', ')}.`);
  const rule: FaultRule = {
    id: typeof id === 'string' ? id : `rule-${index + 1}`,
    route: route as FaultRoute,
    kind: kind as FaultKind,
    probability: 1,
  };
  if (probability !== undefined) {
    if (typeof probability !== 'number' || !(probability >= 0 && probability <= 1))
      throw graphErrors.invalidBody(`${where}.probability must be a number from 0 to 1.`);
    rule.probability = probability;
  }
  if (count !== undefined) {
    if (typeof count !== 'number' || !Number.isSafeInteger(count) || count < 1)
      throw graphErrors.invalidBody(`${where}.count must be a positive integer.`);
    rule.count = count;
  }
  if (retryAfterSeconds !== undefined) {
    if (!isStatusFault(rule.kind) || rule.kind === 'insufficientClaims')
      throw graphErrors.invalidBody(
        `${where}.retryAfterSeconds applies only to throttle, unavailable, gatewayTimeout and graphError.`,
      );
    if (
      typeof retryAfterSeconds !== 'number' ||
      !(retryAfterSeconds >= 0 && retryAfterSeconds <= MAX_RETRY_AFTER_SECONDS)
    ) {
      throw graphErrors.invalidBody(
        `${where}.retryAfterSeconds must be a number from 0 to ${MAX_RETRY_AFTER_SECONDS} (fractions allowed).`,
      );
    }
    rule.retryAfterSeconds = retryAfterSeconds;
  } else if (rule.kind === 'throttle') {
    rule.retryAfterSeconds = DEFAULT_THROTTLE_RETRY_AFTER_SECONDS;
  }
  if (rule.kind === 'latency') {
    if (typeof latencyMs !== 'number' || !Number.isInteger(latencyMs) || latencyMs < 0 || latencyMs > MAX_LATENCY_MS) {
      throw graphErrors.invalidBody(
        `${where}.latencyMs is required for latency: an integer from 0 to ${MAX_LATENCY_MS}.`,
      );
    }
    rule.latencyMs = latencyMs;
  } else if (latencyMs !== undefined) {
    throw graphErrors.invalidBody(`${where}.latencyMs applies only to latency rules.`);
  }
  if (rule.kind === 'graphError') {
    // The token endpoint is Entra's: a Graph envelope there would be a shape Entra never sends.
    if (rule.route === 'token')
      throw graphErrors.invalidBody(`${where}: graphError applies to Graph routes, not to 'token'.`);
    rule.error = readGraphFailure(error, `${where}.error`);
  } else if (error !== undefined) {
    throw graphErrors.invalidBody(`${where}.error applies only to graphError rules.`);
  }
  if (rule.kind === 'insufficientClaims') {
    if (rule.route === 'token')
      throw graphErrors.invalidBody(
        `${where}: insufficientClaims is Graph's challenge; it applies to Graph routes, not to 'token'.`,
      );
    if (
      revokedAtSeconds !== undefined &&
      (typeof revokedAtSeconds !== 'number' ||
        !Number.isSafeInteger(revokedAtSeconds) ||
        revokedAtSeconds < 0 ||
        revokedAtSeconds > MAX_EPOCH_SECONDS)
    ) {
      throw graphErrors.invalidBody(
        `${where}.revokedAtSeconds must be whole seconds since the epoch, from 0 to ${MAX_EPOCH_SECONDS}.`,
      );
    }
    rule.revokedAtSeconds = typeof revokedAtSeconds === 'number' ? revokedAtSeconds : Math.floor(nowMs / 1000) + 1;
  } else if (revokedAtSeconds !== undefined) {
    throw graphErrors.invalidBody(`${where}.revokedAtSeconds applies only to insufficientClaims rules.`);
  }
  return rule;
}

/** `{status, code, message?, innerError?: [{code?, message?}, …]}`; the message defaults to the status's documented one. */
function readGraphFailure(value: unknown, where: string): GraphFailure {
  if (!isPlainObject(value))
    throw graphErrors.invalidBody(
      `${where} is required for graphError: {"status", "code", "message"?, "innerError"?}.`,
    );
  const { status, code, message, innerError, ...rest } = value;
  const unknown = Object.keys(rest)[0];
  if (unknown !== undefined) throw graphErrors.invalidBody(`${where} has an unknown property '${unknown}'.`);
  if (typeof status !== 'number' || !Number.isInteger(status) || status < 400 || status > 599)
    throw graphErrors.invalidBody(`${where}.status must be an integer from 400 to 599.`);
  if (typeof code !== 'string' || !ERROR_CODE.test(code))
    throw graphErrors.invalidBody(`${where}.code must be 1-100 characters of [A-Za-z0-9._-], starting with a letter.`);
  const failure: GraphFailure = {
    status,
    code,
    message: readMessage(message, `${where}.message`) ?? STATUS_MESSAGES[status] ?? 'The request failed.',
  };
  if (innerError !== undefined) {
    if (!Array.isArray(innerError) || innerError.length > MAX_INNER_DEPTH)
      throw graphErrors.invalidBody(
        `${where}.innerError must be an array of at most ${MAX_INNER_DEPTH} levels, outermost first.`,
      );
    failure.innerError = innerError.map((level: unknown, index) => {
      const at = `${where}.innerError[${index}]`;
      if (!isPlainObject(level)) throw graphErrors.invalidBody(`${at} must be an object {"code"?, "message"?}.`);
      const { code: levelCode, message: levelMessage, ...extra } = level;
      const stray = Object.keys(extra)[0];
      if (stray !== undefined) throw graphErrors.invalidBody(`${at} has an unknown property '${stray}'.`);
      if (levelCode !== undefined && (typeof levelCode !== 'string' || !ERROR_CODE.test(levelCode)))
        throw graphErrors.invalidBody(`${at}.code must be 1-100 characters of [A-Za-z0-9._-], starting with a letter.`);
      const text = readMessage(levelMessage, `${at}.message`);
      return {
        ...(typeof levelCode === 'string' ? { code: levelCode } : {}),
        ...(text === undefined ? {} : { message: text }),
      };
    });
  }
  return failure;
}

function readMessage(value: unknown, where: string): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value.length === 0 || value.length > MAX_MESSAGE)
    throw graphErrors.invalidBody(`${where} must be a string of 1-${MAX_MESSAGE} characters.`);
  return value;
}
