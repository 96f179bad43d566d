import { FaultEngine, type FaultTarget } from './FaultEngine';
import { readFaultRuleSet, type FaultRule } from './faultRules';
import { mulberry32 } from './prng';

/** The emulator clock when the rules are installed (ms). */
const INSTALLED_AT_MS = 1_800_000_000_500;

function engineWith(rules: Partial<FaultRule>[], seed = 7): FaultEngine {
  const engine = new FaultEngine();
  engine.install(readFaultRuleSet(JSON.stringify({ seed, rules }), INSTALLED_AT_MS));
  return engine;
}

function firings(engine: FaultEngine, target: FaultTarget, times: number): boolean[] {
  return Array.from({ length: times }, () => engine.decide(target).status !== undefined);
}

describe('mulberry32', () => {
  it('repeats the same sequence for the same seed and differs for another', () => {
    const a = mulberry32(42);
    const b = mulberry32(42);
    const c = mulberry32(43);
    const first = Array.from({ length: 5 }, () => a());
    expect(Array.from({ length: 5 }, () => b())).toEqual(first);
    expect(Array.from({ length: 5 }, () => c())).not.toEqual(first);
    expect(first.every((n) => n >= 0 && n < 1)).toBe(true);
  });
});

describe('FaultEngine', () => {
  it('fires the same faults for the same seed and request sequence', () => {
    const rules = [{ route: 'closeSession', kind: 'throttle', probability: 0.5 }] as Partial<FaultRule>[];
    const first = firings(engineWith(rules, 99), 'closeSession', 40);
    expect(firings(engineWith(rules, 99), 'closeSession', 40)).toEqual(first);
    expect(firings(engineWith(rules, 100), 'closeSession', 40)).not.toEqual(first);
  });

  it('fires about as often as the probability says', () => {
    const fired = firings(
      engineWith([{ route: 'any', kind: 'unavailable', probability: 0.3 }]),
      'refreshSession',
      2000,
    ).filter(Boolean).length;
    expect(fired).toBeGreaterThan(2000 * 0.25);
    expect(fired).toBeLessThan(2000 * 0.35);
    expect(
      firings(engineWith([{ route: 'any', kind: 'unavailable', probability: 0 }]), 'refreshSession', 50),
    ).not.toContain(true);
  });

  it('stops after count firings and reports the counters', () => {
    const engine = engineWith([
      { id: 'two', route: 'createSession', kind: 'throttle', count: 2, retryAfterSeconds: 0.05 },
    ]);
    expect(engine.decide('createSession').status).toEqual({ ruleId: 'two', kind: 'throttle', retryAfterSeconds: 0.05 });
    expect(firings(engine, 'createSession', 3)).toEqual([true, false, false]);
    expect(engine.snapshot().fired).toEqual({ two: 2 });
  });

  it('matches its route; any covers Graph operations but not the outer batch nor the token endpoint', () => {
    const engine = engineWith([{ route: 'any', kind: 'gatewayTimeout' }]);
    expect(engine.decide('shares').status?.kind).toBe('gatewayTimeout');
    expect(engine.decide('otherGraph').status?.kind).toBe('gatewayTimeout');
    expect(engine.decide('batch').status).toBeUndefined();
    expect(engine.decide('token').status).toBeUndefined();
    const narrow = engineWith([{ route: 'token', kind: 'unavailable' }]);
    expect(narrow.decide('closeSession').status).toBeUndefined();
    expect(narrow.decide('token').status?.kind).toBe('unavailable');
  });

  it('adds up latency, stops at a reset or a status fault', () => {
    const engine = engineWith([
      { route: 'any', kind: 'latency', latencyMs: 20 },
      { route: 'closeSession', kind: 'latency', latencyMs: 5 },
      { route: 'closeSession', kind: 'reset', count: 1 },
      { route: 'closeSession', kind: 'throttle' },
    ]);
    expect(engine.decide('closeSession')).toEqual({ latencyMs: 25, reset: true });
    expect(engine.decide('closeSession')).toMatchObject({
      latencyMs: 25,
      reset: false,
      status: { kind: 'throttle', retryAfterSeconds: 1 },
    });
  });

  it('puts transport faults on the HTTP request: never on a batch item, once on the $batch that carries a match', () => {
    const engine = engineWith([
      { route: 'closeSession', kind: 'latency', latencyMs: 100 },
      { route: 'refreshSession', kind: 'reset' },
      { route: 'closeSession', kind: 'throttle', retryAfterSeconds: 0.5, count: 1 },
    ]);
    expect(engine.decide('closeSession', { batchItem: true })).toEqual({
      latencyMs: 0,
      reset: false,
      status: expect.objectContaining({ kind: 'throttle' }),
    });
    expect(engine.decide('batch', { carried: ['closeSession', 'closeSession'] })).toEqual({
      latencyMs: 100,
      reset: false,
    });
    expect(engine.decide('batch', { carried: ['createSession', 'refreshSession'] })).toEqual({
      latencyMs: 0,
      reset: true,
    });
    expect(engine.decide('batch', { carried: ['createSession'] })).toEqual({ latencyMs: 0, reset: false });
    expect(engine.decide('closeSession')).toEqual({ latencyMs: 100, reset: false });
  });

  it('forgets rules and counters on clear', () => {
    const engine = engineWith([{ route: 'any', kind: 'throttle' }]);
    engine.decide('shares');
    engine.clear();
    expect(engine.decide('shares')).toEqual({ latencyMs: 0, reset: false });
    expect(engine.snapshot()).toMatchObject({ rules: [], fired: {} });
  });
});

describe('readFaultRuleSet', () => {
  it('fills ids and defaults', () => {
    expect(
      readFaultRuleSet(
        '{"rules":[{"route":"batch","kind":"throttle"},{"id":"slow","route":"any","kind":"latency","latencyMs":10}]}',
        INSTALLED_AT_MS,
      ),
    ).toEqual({
      seed: expect.any(Number),
      rules: [
        { id: 'rule-1', route: 'batch', kind: 'throttle', probability: 1, retryAfterSeconds: 1 },
        { id: 'slow', route: 'any', kind: 'latency', probability: 1, latencyMs: 10 },
      ],
    });
  });

  it.each([
    ['not json', 'JSON object'],
    ['{"rules":{}}', 'rules'],
    ['{"rules":[{"route":"nope","kind":"throttle"}]}', 'route'],
    ['{"rules":[{"route":"any","kind":"explode"}]}', 'kind'],
    ['{"rules":[{"route":"any","kind":"throttle","probability":1.5}]}', 'probability'],
    ['{"rules":[{"route":"any","kind":"throttle","count":0}]}', 'count'],
    ['{"rules":[{"route":"any","kind":"latency"}]}', 'latencyMs'],
    ['{"rules":[{"route":"any","kind":"reset","retryAfterSeconds":1}]}', 'retryAfterSeconds'],
    ['{"rules":[{"id":"a","route":"any","kind":"reset"},{"id":"a","route":"any","kind":"reset"}]}', 'twice'],
    ['{"seed":1.5,"rules":[]}', 'seed'],
    ['{"rules":[],"extra":1}', 'extra'],
    ['{"rules":[{"route":"token","kind":"insufficientClaims"}]}', 'Graph routes'],
    ['{"rules":[{"route":"any","kind":"insufficientClaims","revokedAtSeconds":"soon"}]}', 'revokedAtSeconds'],
    ['{"rules":[{"route":"any","kind":"insufficientClaims","retryAfterSeconds":1}]}', 'retryAfterSeconds'],
    ['{"rules":[{"route":"any","kind":"throttle","revokedAtSeconds":1}]}', 'revokedAtSeconds'],
  ])('rejects %s with a 400 naming the problem', (text, word) => {
    expect(() => readFaultRuleSet(text, INSTALLED_AT_MS)).toThrow(
      expect.objectContaining({ status: 400, message: expect.stringContaining(word) }),
    );
  });
});

describe('insufficientClaims (continuous access evaluation)', () => {
  const INSTALLED_AT_S = Math.floor(INSTALLED_AT_MS / 1000);
  const caller = (issuedAtSeconds: number, capabilities: string[] = ['CP1']) => ({ issuedAtSeconds, capabilities });

  it('revokes by default at the second after installation, so every token issued until then is challenged', () => {
    expect(
      readFaultRuleSet('{"rules":[{"route":"any","kind":"insufficientClaims"}]}', INSTALLED_AT_MS).rules[0]
        ?.revokedAtSeconds,
    ).toBe(INSTALLED_AT_S + 1);
  });

  it('challenges a CAE-capable token issued before the revocation, and lets a later one through', () => {
    const engine = engineWith([
      { route: 'createSession', kind: 'insufficientClaims', revokedAtSeconds: INSTALLED_AT_S },
    ]);
    expect(engine.decide('createSession', { caller: caller(INSTALLED_AT_S - 1) }).status).toEqual({
      ruleId: 'rule-1',
      kind: 'insufficientClaims',
      revokedAtSeconds: INSTALLED_AT_S,
    });
    expect(engine.decide('createSession', { caller: caller(INSTALLED_AT_S) }).status).toBeUndefined();
    expect(engine.snapshot().fired['rule-1']).toBe(1);
  });

  it('never challenges a client that did not declare cp1, nor a request without a token', () => {
    const engine = engineWith([{ route: 'any', kind: 'insufficientClaims', revokedAtSeconds: INSTALLED_AT_S }]);
    expect(engine.decide('closeSession', { caller: caller(INSTALLED_AT_S - 60, []) }).status).toBeUndefined();
    expect(engine.decide('closeSession').status).toBeUndefined();
    expect(engine.decide('closeSession', { caller: caller(INSTALLED_AT_S - 60, ['cp1']) }).status?.kind).toBe(
      'insufficientClaims',
    );
  });
});
