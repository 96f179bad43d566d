import { FakeOfficeHost, fakeJwt } from '../office/FakeOfficeHost';
import { SsoError } from '../office/OfficeHost';
import { deferred } from '../testing/fakeHttp';
import { readJwtExpiry } from './jwtExpiry';
import { DEFAULT_EXPIRY_MARGIN_MS, SSO_TOKEN_OPTIONS, TokenManager } from './TokenManager';

const NOW_S = 1_800_000_000;

function clock(startSeconds = NOW_S): { now: () => number; advance: (ms: number) => void } {
  let ms = startSeconds * 1000;
  return { now: () => ms, advance: (by) => (ms += by) };
}

describe('TokenManager', () => {
  it('asks Office once with sign-in, consent and Graph options', async () => {
    const host = new FakeOfficeHost({ tokens: () => fakeJwt(NOW_S + 3600) });
    const manager = new TokenManager(host, { now: clock().now });
    await expect(manager.getToken()).resolves.toBe(fakeJwt(NOW_S + 3600));
    expect(host.tokenCalls).toEqual([{ allowSignInPrompt: true, allowConsentPrompt: true, forMSGraphAccess: true }]);
  });

  it('shares one pending getAccessToken call between concurrent callers (office.js rejects overlaps with 13008)', async () => {
    const gate = deferred<string>();
    const host = new FakeOfficeHost({ tokens: () => gate.promise });
    const manager = new TokenManager(host, { now: clock().now });
    const all = Promise.all([manager.getToken(), manager.getToken(), manager.getToken({ forceRefresh: true })]);
    gate.resolve(fakeJwt(NOW_S + 3600));
    const tokens = await all;
    expect(new Set(tokens).size).toBe(1);
    expect(host.tokenCalls).toHaveLength(1);
  });

  it('reuses the token until shortly before exp, then asks again', async () => {
    const time = clock();
    const host = new FakeOfficeHost({ tokens: (call) => fakeJwt(Math.floor(time.now() / 1000) + 3600, { call }) });
    const manager = new TokenManager(host, { now: time.now });
    const first = await manager.getToken();
    time.advance(3600_000 - DEFAULT_EXPIRY_MARGIN_MS - 1);
    expect(await manager.getToken()).toBe(first);
    time.advance(2);
    const second = await manager.getToken();
    expect(second).not.toBe(first);
    expect(host.tokenCalls).toHaveLength(2);
  });

  it('forceRefresh bypasses the cached token', async () => {
    const host = new FakeOfficeHost({ tokens: (call) => fakeJwt(NOW_S + 3600, { call }) });
    const manager = new TokenManager(host, { now: clock().now });
    const first = await manager.getToken();
    const refreshed = await manager.getToken({ forceRefresh: true });
    expect(refreshed).not.toBe(first);
    expect(await manager.getToken()).toBe(refreshed);
    expect(host.tokenCalls).toHaveLength(2);
  });

  it('does not cache a token whose exp cannot be read', async () => {
    const host = new FakeOfficeHost({ tokens: () => 'not-a-jwt' });
    const manager = new TokenManager(host, { now: clock().now });
    await manager.getToken();
    await manager.getToken();
    expect(host.tokenCalls).toHaveLength(2);
  });

  it('passes authChallenge to Office, after any pending call has settled', async () => {
    const gate = deferred<string>();
    let overlapping = false;
    let pending = 0;
    const host = new FakeOfficeHost({
      tokens: async (call) => {
        pending += 1;
        if (pending > 1) overlapping = true;
        const token = call === 1 ? await gate.promise : fakeJwt(NOW_S + 3600, { mfa: true });
        pending -= 1;
        return token;
      },
    });
    const manager = new TokenManager(host, { now: clock().now });
    const plain = manager.getToken();
    const challenged = manager.getToken({ authChallenge: '{"access_token":{"polids":{}}}' });
    gate.resolve(fakeJwt(NOW_S + 3600));
    await plain;
    await challenged;
    expect(overlapping).toBe(false);
    expect(host.tokenCalls[1]).toEqual({ ...SSO_TOKEN_OPTIONS, authChallenge: '{"access_token":{"polids":{}}}' });
  });

  it('rejects with the SsoError and caches nothing, so the next call asks Office again', async () => {
    const host = new FakeOfficeHost({
      tokens: (call) => (call === 1 ? { ssoErrorCode: 13002 } : fakeJwt(NOW_S + 3600)),
    });
    const manager = new TokenManager(host, { now: clock().now });
    const failure = await manager.getToken().catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(SsoError);
    expect((failure as SsoError).code).toBe(13002);
    await expect(manager.getToken()).resolves.toBe(fakeJwt(NOW_S + 3600));
    expect(host.tokenCalls).toHaveLength(2);
  });
});

describe('readJwtExpiry', () => {
  it('reads a numeric exp from a base64url payload', () => {
    expect(readJwtExpiry(fakeJwt(NOW_S, { name: 'José Núñez ~~~???' }))).toBe(NOW_S);
  });

  it.each(['', 'a.b', 'a.!!!.c', `${btoa('{}')}.${btoa('{"exp":"soon"}')}.x`, `x.${btoa('[1]')}.x`])(
    'gives undefined for %p',
    (token) => {
      expect(readJwtExpiry(token)).toBeUndefined();
    },
  );
});
