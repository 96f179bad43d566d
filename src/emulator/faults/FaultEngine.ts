/**
 * Decides, request by request, which installed fault rules fire. Rules are tried in the order
 * given; every try of a matching rule that still has firings left consumes exactly one number
 * from the seeded generator, so the same seed and the same sequence of requests always fire
 * the same faults.
 *
 * Matching: a rule fires for its own route; `any` matches every Graph operation (a plain Graph
 * request or an item inside `$batch`) but not the outer `$batch` request (only `batch` does)
 * nor the token endpoint (only `token` does), so "throttle everything" rules do not also
 * break sign-in or swallow whole batches.
 *
 * An `insufficientClaims` rule matches only a request whose token can be challenged: one that
 * declares the `CP1` client capability (Graph sends claims challenges only to clients that say
 * they handle them, https://learn.microsoft.com/en-us/entra/identity-platform/claims-challenge)
 * and was issued before the rule's revocation moment. A token issued after it is not a match.
 *
 * Outcome: latency rules add up and the search goes on; the first `reset` or status fault
 * (throttle, unavailable, gatewayTimeout, graphError) ends it.
 *
 * Transport faults (`latency`, `reset`) belong to an HTTP request, not to an operation: a batch
 * item never draws them, and the outer `$batch` request draws them for every rule whose route
 * matches one of the operations it carries — so "100 ms on closeSession" delays a `$batch` of
 * twenty closes once, as it would delay one plain closeSession request.
 */
import {
  type FaultRoute,
  type FaultRule,
  type FaultRuleSet,
  DEFAULT_FAULT_SEED,
  isStatusFault,
  readFaultRuleSet,
  type StatusFaultKind,
} from './faultRules';
import { readInteger, readObject, StateFileError } from '../persistence/stateReaders';
import { mulberry32, type RandomSource } from './prng';
import { type GraphFailure } from '../graph/graphFailures';

/** What a request is, for matching: a Graph operation's route, the outer batch, or the token endpoint. */
export type FaultTarget = Exclude<FaultRoute, 'any'> | 'otherGraph';

export interface StatusFault {
  ruleId: string;
  kind: StatusFaultKind;
  retryAfterSeconds?: number;
  /** graphError: the answer to give. */
  error?: GraphFailure;
  /** insufficientClaims: the revocation moment the challenge's `nbf` names (epoch seconds). */
  revokedAtSeconds?: number;
}

/** What a Graph request's bearer token says about itself, for claims challenges. */
export interface CallerToken {
  /** The token's `iat` (epoch seconds). */
  issuedAtSeconds: number;
  /** The client capabilities of its `xms_cc` claim. */
  capabilities: readonly string[];
}

export interface FaultDecision {
  latencyMs: number;
  reset: boolean;
  status?: StatusFault;
}

export interface DecideOptions {
  /** The request is an item inside `$batch`: only status faults apply to it. */
  batchItem?: boolean;
  /** The outer `$batch` request: the targets of the items it carries (for transport faults). */
  carried?: readonly FaultTarget[];
  /** The caller's token (Graph requests); without it, insufficientClaims rules never match. */
  caller?: CallerToken;
}

export interface FaultSnapshot {
  seed: number;
  rules: FaultRule[];
  fired: Record<string, number>;
}

const NO_FAULT: FaultDecision = { latencyMs: 0, reset: false };

export class FaultEngine {
  private ruleSet: FaultRuleSet = { seed: DEFAULT_FAULT_SEED, rules: [] };
  private random: RandomSource = mulberry32(DEFAULT_FAULT_SEED);
  private fired = new Map<string, number>();

  /** Replaces every rule, restarts the generator from the seed and zeroes the counters. */
  install(ruleSet: FaultRuleSet): void {
    this.ruleSet = { seed: ruleSet.seed, rules: ruleSet.rules.map((r) => ({ ...r })) };
    this.random = mulberry32(ruleSet.seed);
    this.fired = new Map();
  }

  clear(): void {
    this.install({ seed: DEFAULT_FAULT_SEED, rules: [] });
  }

  decide(target: FaultTarget, options: DecideOptions = {}): FaultDecision {
    if (this.ruleSet.rules.length === 0) return NO_FAULT;
    const decision: FaultDecision = { latencyMs: 0, reset: false };
    for (const rule of this.ruleSet.rules) {
      const transport = rule.kind === 'latency' || rule.kind === 'reset';
      if (transport && options.batchItem === true) continue;
      const carried = transport && (options.carried ?? []).some((t) => matches(rule.route, t));
      if (!matches(rule.route, target) && !carried) continue;
      if (rule.kind === 'insufficientClaims' && !isChallengeable(rule, options.caller)) continue;
      const firedSoFar = this.fired.get(rule.id) ?? 0;
      if (rule.count !== undefined && firedSoFar >= rule.count) continue;
      if (this.random() >= rule.probability) continue;
      this.fired.set(rule.id, firedSoFar + 1);
      if (rule.kind === 'latency') {
        decision.latencyMs += rule.latencyMs ?? 0;
      } else if (rule.kind === 'reset') {
        decision.reset = true;
        return decision;
      } else if (isStatusFault(rule.kind)) {
        decision.status = { ruleId: rule.id, kind: rule.kind };
        if (rule.retryAfterSeconds !== undefined) decision.status.retryAfterSeconds = rule.retryAfterSeconds;
        if (rule.error !== undefined) decision.status.error = rule.error;
        if (rule.revokedAtSeconds !== undefined) decision.status.revokedAtSeconds = rule.revokedAtSeconds;
        return decision;
      }
    }
    return decision;
  }

  /**
   * Back to a saved snapshot (read with `readFaultSnapshot`): the rules and how often each fired.
   * The generator restarts from the seed, so a restart is like installing the rules again with
   * their counts kept.
   */
  restore(snapshot: FaultSnapshot): void {
    this.install({ seed: snapshot.seed, rules: snapshot.rules });
    for (const [id, times] of Object.entries(snapshot.fired)) if (times > 0) this.fired.set(id, times);
  }

  snapshot(): FaultSnapshot {
    const fired: Record<string, number> = {};
    for (const rule of this.ruleSet.rules) fired[rule.id] = this.fired.get(rule.id) ?? 0;
    return { seed: this.ruleSet.seed, rules: this.ruleSet.rules.map((r) => ({ ...r })), fired };
  }
}

/** CAE-capable (`cp1`, case-insensitive) and issued before the revocation moment. */
function isChallengeable(rule: FaultRule, caller: CallerToken | undefined): boolean {
  if (caller === undefined || rule.revokedAtSeconds === undefined) return false;
  return caller.capabilities.some((c) => c.toLowerCase() === 'cp1') && caller.issuedAtSeconds < rule.revokedAtSeconds;
}

function matches(route: FaultRoute, target: FaultTarget): boolean {
  if (route === 'any') return target !== 'batch' && target !== 'token';
  return route === target;
}

/** Fault rules from the state file: the rules as `POST /_emulator/faults` checks them, and their counters. */
export function readFaultSnapshot(value: unknown, nowMs: number): FaultSnapshot {
  const fields = readObject(value, 'faults');
  let ruleSet: FaultRuleSet;
  try {
    ruleSet = readFaultRuleSet(JSON.stringify({ seed: fields.seed, rules: fields.rules }), nowMs);
  } catch (error) {
    throw new StateFileError(`faults: ${error instanceof Error ? error.message : 'not a rule set'}`);
  }
  const firedIn = readObject(fields.fired, 'faults.fired');
  const fired: Record<string, number> = {};
  for (const rule of ruleSet.rules)
    fired[rule.id] =
      firedIn[rule.id] === undefined
        ? 0
        : readInteger(firedIn[rule.id], `faults.fired.${rule.id}`, 0, Number.MAX_SAFE_INTEGER);
  return { seed: ruleSet.seed, rules: ruleSet.rules, fired };
}
