import type { Agent } from 'undici';
import { createOutboundAgent } from '../../../src/server/http/outboundAgent';
import { createSigningKey, startFakeUpstream, type FakeUpstream, type SigningKey } from '../../support/fakeUpstream';
import { testCertificate } from '../../../src/server/testSupport/selfSignedCert';
import { JwksKeySource, type JwksTiming } from '../../../src/server/auth/jwksKeySource';

const JWKS_PATH = '/tenant-under-test/discovery/v2.0/keys';
const TIMING: JwksTiming = {
  refreshIntervalMs: 60 * 60_000,
  minFetchIntervalMs: 5_000,
  unknownKidCooldownMs: 5 * 60_000,
  maxUnknownKids: 3,
};

let upstream: FakeUpstream;
let agent: Agent;
let clock: number;
let published: SigningKey[];
/** When set, the JWKS endpoint answers this status instead of the keys ('notJwks': 200 with another JSON). */
let outage: number | 'notJwks' | undefined;
let waits: number[];

const fetches = (): number => upstream.requests.filter((r) => r.path === JWKS_PATH).length;

function source(timing: Partial<JwksTiming> = {}): JwksKeySource {
  return new JwksKeySource({
    jwksUrl: `${upstream.url}${JWKS_PATH}`,
    dispatcher: agent,
    now: () => clock,
    // A request that waits for the next allowed fetch moves the test clock.
    sleep: async (ms) => {
      waits.push(ms);
      clock += ms;
    },
    timing: { ...TIMING, ...timing },
  });
}

beforeAll(async () => {
  upstream = await startFakeUpstream();
  agent = createOutboundAgent(testCertificate().certPem);
  upstream.handler = (req) => {
    if (req.path !== JWKS_PATH) return undefined;
    if (outage === 'notJwks') return { status: 200, body: { notKeys: true } };
    if (outage !== undefined) return { status: outage, body: { error: 'temporarily_unavailable' } };
    return { status: 200, body: { keys: published.map((k) => k.jwk) } };
  };
});

afterAll(async () => {
  await agent.close();
  await upstream.close();
});

let first: SigningKey;
let second: SigningKey;

beforeAll(async () => {
  first = await createSigningKey('kid-first');
  second = await createSigningKey('kid-second');
});

beforeEach(() => {
  clock = 1_000_000;
  upstream.requests.length = 0;
  published = [first];
  outage = undefined;
  waits = [];
});

describe('JWKS key source', () => {
  it('fetches once and serves known kids from memory', async () => {
    const keys = source();
    expect(await keys.keyFor('kid-first')).toBeDefined();
    clock += 10 * 60_000;
    expect(await keys.keyFor('kid-first')).toBeDefined();
    expect(fetches()).toBe(1);
  });

  it('picks up a rotated key while junk kids keep arriving: one fetch per interval at most, the new key within one interval', async () => {
    const keys = source();
    expect(await keys.keyFor('kid-first')).toBeDefined();

    // Junk kids arrive all the time, one after another and many at once: each new one waits for
    // the next allowed fetch, so together they cause one fetch per interval at most.
    const junk = (n: number): string[] => Array.from({ length: n }, (_, i) => `junk-${clock}-${i}`);
    const streamStart = clock;
    for (const kid of junk(10)) expect(await keys.keyFor(kid)).toBeUndefined();
    const burst = await Promise.all(junk(20).map((kid) => keys.keyFor(kid)));
    expect(burst.every((k) => k === undefined)).toBe(true);
    expect(fetches() - 1).toBeLessThanOrEqual((clock - streamStart) / TIMING.minFetchIntervalMs);
    const beforeRotation = fetches();

    // Entra rotates; a genuine token with the new kid arrives right behind more junk.
    published = [second, first];
    const rotatedAt = clock;
    const [genuine, ...secondWave] = await Promise.all([
      keys.keyFor('kid-second'),
      ...junk(20).map((kid) => keys.keyFor(kid)),
    ]);
    expect(genuine).toBeDefined();
    expect(secondWave.every((k) => k === undefined)).toBe(true);
    expect(clock - rotatedAt).toBeLessThanOrEqual(TIMING.minFetchIntervalMs);
    expect(fetches()).toBe(beforeRotation + 1);
    expect(Math.max(...waits)).toBeLessThanOrEqual(TIMING.minFetchIntervalMs);
  });

  it('answers a kid already found unknown at once, without another fetch, until its cooldown ends', async () => {
    const keys = source();
    expect(await keys.keyFor('made-up')).toBeUndefined();
    expect(fetches()).toBe(1);
    clock += 60_000;
    for (let i = 0; i < 10; i++) expect(await keys.keyFor('made-up')).toBeUndefined();
    expect(fetches()).toBe(1);
    expect(waits).toEqual([]);
    clock += TIMING.unknownKidCooldownMs;
    expect(await keys.keyFor('made-up')).toBeUndefined();
    expect(fetches()).toBe(2);
  });

  it('remembers a bounded number of unknown kids, forgetting the oldest first', async () => {
    const keys = source();
    for (const kid of ['a', 'b', 'c', 'd']) expect(await keys.keyFor(kid)).toBeUndefined();
    const afterFour = fetches();
    // b, c, d are remembered (answered without a fetch); a was forgotten (fetched for again).
    for (const kid of ['b', 'c', 'd']) expect(await keys.keyFor(kid)).toBeUndefined();
    expect(fetches()).toBe(afterFour);
    expect(await keys.keyFor('a')).toBeUndefined();
    expect(fetches()).toBe(afterFour + 1);
  });

  it('drops a key Entra stopped publishing at the next periodic refresh, and learns new ones', async () => {
    const keys = source();
    published = [first, second];
    expect(await keys.keyFor('kid-first')).toBeDefined();
    expect(await keys.keyFor('kid-second')).toBeDefined();

    published = [second];
    clock += TIMING.refreshIntervalMs - 1;
    expect(await keys.keyFor('kid-first')).toBeDefined();
    expect(fetches()).toBe(1);
    clock += 1;
    expect(await keys.keyFor('kid-first')).toBeUndefined();
    expect(await keys.keyFor('kid-second')).toBeDefined();
    expect(fetches()).toBe(2);
  });

  it('keeps verifying with the keys it has while a refresh fails, retries at most once per interval, and reports an unknown kid as an outage', async () => {
    const keys = source();
    expect(await keys.keyFor('kid-first')).toBeDefined();
    outage = 503;
    clock += TIMING.refreshIntervalMs;
    expect(await keys.keyFor('kid-first')).toBeDefined();
    expect(fetches()).toBe(2);
    for (let i = 0; i < 5; i++) expect(await keys.keyFor('kid-first')).toBeDefined();
    expect(fetches()).toBe(2);
    await expect(keys.keyFor('kid-new')).rejects.toEqual(
      expect.objectContaining({ code: 'upstreamUnavailable', status: 503 }),
    );

    outage = undefined;
    published = [second, first];
    clock += TIMING.minFetchIntervalMs;
    expect(await keys.keyFor('kid-second')).toBeDefined();
    expect(fetches()).toBe(3);
  });

  it('fails fast with 503 when it has never had keys, and tries again after the interval', async () => {
    const keys = source();
    outage = 500;
    for (let i = 0; i < 2; i++)
      await expect(keys.keyFor('kid-first')).rejects.toEqual(expect.objectContaining({ code: 'upstreamUnavailable' }));
    expect(fetches()).toBe(1);
    expect(waits).toEqual([]);
    outage = undefined;
    clock += TIMING.minFetchIntervalMs;
    expect(await keys.keyFor('kid-first')).toBeDefined();
    expect(fetches()).toBe(2);
  });

  it('refuses an answer that is not a JWKS as upstreamError', async () => {
    outage = 'notJwks';
    await expect(source().keyFor('kid-first')).rejects.toEqual(expect.objectContaining({ code: 'upstreamError' }));
  });
});
