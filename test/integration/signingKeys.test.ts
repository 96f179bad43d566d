/**
 * Entra signing-key rotation as the middle tier lives it, against the emulator's issuer: a new
 * key is picked up while tokens with made-up key ids keep arriving from the same address, and a
 * key the issuer stopped publishing stops verifying at the next periodic refresh of the key set.
 *
 * The middle tier's clock is the real one plus an offset the test moves, so "the refresh is
 * due" needs no waiting; the JWKS fetch interval is shortened so the test stays quick.
 */
import { generateKeyPair, SignJWT, type KeyLike } from 'jose';
import { randomUUID } from 'node:crypto';
import { SEED_USERS } from '../../src/emulator/directory/seed';
import { parseApiErrorEnvelope } from '../../src/shared/errors';
import { LOCAL_MODE } from '../../src/shared/localMode';
import { rotateSigningKeys, ssoTokenFor } from '../support/emulatorControl';
import { eventually } from '../support/eventually';
import { httpsJson, startLocalStack, type LocalStack } from '../support/localStack';

const ANA = SEED_USERS.ana.oid;
const REFRESH_MS = 10 * 60_000;

let stack: LocalStack;
let offset = 0;
let strangerKey: KeyLike;

beforeAll(async () => {
  ({ privateKey: strangerKey } = await generateKeyPair('RS256'));
  stack = await startLocalStack({
    serverOverrides: {
      now: () => Date.now() + offset,
      signingKeys: { refreshIntervalMs: REFRESH_MS, minFetchIntervalMs: 300 },
    },
  });
}, 30_000);
afterAll(async () => stack?.close());

const list = (token: string) =>
  httpsJson(stack, `${stack.addinUrl}/api/sessions`, { headers: { authorization: `Bearer ${token}` } });
const kidOf = (token: string): unknown =>
  (JSON.parse(Buffer.from(token.split('.')[0] ?? '', 'base64url').toString('utf8')) as { kid?: unknown }).kid;

/** A token that passes every check made before a key is looked up (tenant, issuer), under a made-up kid. */
async function junkToken(): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({
    tid: LOCAL_MODE.tenantId,
    oid: ANA,
    scp: 'access_as_user',
    aud: LOCAL_MODE.clientId,
    nbf: now,
    exp: now + 3600,
  })
    .setProtectedHeader({ alg: 'RS256', kid: randomUUID() })
    .setIssuer(`${stack.emulator.origins.entra}/${LOCAL_MODE.tenantId}/v2.0`)
    .sign(strangerKey);
}

describe('signing keys', () => {
  it('picks up a rotated key while tokens with made-up kids keep arriving', async () => {
    const before = await ssoTokenFor(stack, ANA);
    expect((await list(before)).status).toBe(200);

    // Junk from this address, two at a time, for as long as the rotation takes.
    let stop = false;
    const junkCodes: string[] = [];
    const flood = async (): Promise<void> => {
      while (!stop) {
        const res = await list(await junkToken());
        junkCodes.push(parseApiErrorEnvelope(res.body)?.error.code ?? String(res.status));
      }
    };
    const flooding = [flood(), flood()];
    try {
      await eventually(async () => junkCodes.length >= 10, true);
      // An emergency rotation: a key nobody has seen before signs at once, so the middle tier
      // must fetch the key set again while the junk competes for the same fetches.
      await rotateSigningKeys(stack, { emergency: true });
      const after = await ssoTokenFor(stack, ANA);
      expect(kidOf(after)).not.toBe(kidOf(before));
      const res = await list(after);
      expect(res.status).toBe(200);
    } finally {
      stop = true;
      await Promise.all(flooding);
    }
    // The junk was refused all along: as a bad token (or, past the address's budget, as too many).
    expect(junkCodes).toContain('invalidToken');
    expect(junkCodes.filter((code) => code !== 'invalidToken' && code !== 'rateLimited')).toEqual([]);
  });

  it('stops accepting a key the issuer no longer publishes once the key set is refreshed', async () => {
    const oldKeyToken = await ssoTokenFor(stack, ANA);
    await rotateSigningKeys(stack);
    const retiringKeyToken = await ssoTokenFor(stack, ANA);
    // A second rotation drops the oldest key from the published set.
    await rotateSigningKeys(stack);

    // Until the refresh is due, the keys in hand still verify it.
    expect((await list(oldKeyToken)).status).toBe(200);
    offset += REFRESH_MS;
    const refused = await list(oldKeyToken);
    expect(refused.status).toBe(401);
    expect(parseApiErrorEnvelope(refused.body)?.error.code).toBe('invalidToken');
    expect((await list(retiringKeyToken)).status).toBe(200);
  });
});
