/**
 * Setup mistakes that the SSO validator can recognise in a verified token are logged in plain
 * words (and throttled); forged tokens never produce such a line.
 */
import type { Agent } from 'undici';
import { AppError } from '../../../src/server/errors/AppError';
import { createOutboundAgent } from '../../../src/server/http/outboundAgent';
import {
  createSigningKey,
  mintToken,
  publishedKey,
  startFakeUpstream,
  TEST_CLIENT,
  TEST_TENANT,
  type FakeUpstream,
  type SigningKey,
} from '../../support/fakeUpstream';
import { testCertificate } from '../../../src/server/testSupport/selfSignedCert';
import { createTenantKeySources } from '../../../src/server/auth/jwksKeySource';
import { createTokenValidator, type TokenValidator } from '../../../src/server/auth/ssoTokenValidator';
import { jwksUrlFor } from '../../../src/server/auth/tenancy';

const OTHER_APP = '12345678-aaaa-4bbb-8ccc-1234567890ab';

let upstream: FakeUpstream;
let agent: Agent;
let clock: number;
let validator: TokenValidator;
let lines: Array<{ details: Record<string, unknown>; message: string }>;

beforeAll(async () => {
  upstream = await startFakeUpstream();
  agent = createOutboundAgent(testCertificate().certPem);
});

afterAll(async () => {
  await agent.close();
  await upstream.close();
});

beforeEach(() => {
  clock = Date.now();
  lines = [];
  upstream.requests.length = 0;
  validator = createTokenValidator({
    authorityHost: upstream.url,
    tenants: [TEST_TENANT],
    clientId: TEST_CLIENT,
    publicUrl: 'https://addin.contoso.com',
    keysFor: createTenantKeySources({
      jwksUrlFor: (t) => jwksUrlFor(upstream.url, t),
      dispatcher: agent,
      now: () => clock,
    }),
    now: () => clock,
    log: { warn: (details, message) => void lines.push({ details: details as Record<string, unknown>, message }) },
  });
});

const key = (): SigningKey => publishedKey(upstream);
const v2Issuer = (): string => `${upstream.url}/${TEST_TENANT}/v2.0`;
const v1Token = (signingKey = key()): Promise<string> =>
  mintToken({
    key: signingKey,
    issuer: `https://sts.windows.net/${TEST_TENANT}/`,
    claims: { ver: '1.0', aud: `api://addin.contoso.com/${TEST_CLIENT}` },
  });

async function refused(token: string): Promise<AppError> {
  const error: unknown = await validator.validate(token).then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof AppError)) throw new Error(`expected an AppError, got ${String(error)}`);
  return error;
}

describe('SSO tokens that reveal a setup mistake', () => {
  it('a v1.0 token: refused, and the log says to request v2 tokens in the app registration', async () => {
    const error = await refused(await v1Token());
    expect(error.code).toBe('invalidToken');
    expect(error.message).toMatch(/v1\.0 access token/);
    expect(lines).toHaveLength(1);
    expect(lines[0]?.details).toEqual({ misconfiguration: 'v1Token' });
    expect(lines[0]?.message).toContain('v1.0 access token, but this API accepts v2.0 tokens only');
    expect(lines[0]?.message).toContain('"requestedAccessTokenVersion": 2');
  });

  it('a token for another app registration: the log names both ids', async () => {
    expect((await refused(await mintToken({ key: key(), issuer: v2Issuer(), claims: { aud: OTHER_APP } }))).code).toBe(
      'invalidToken',
    );
    expect(lines.map((l) => l.message)).toEqual([
      expect.stringContaining(`issued for the application ${OTHER_APP}, not for CLIENT_ID ${TEST_CLIENT}`),
    ]);
  });

  it('a Resource on another host: the log names the host in the token and the one in PUBLIC_URL', async () => {
    await refused(
      await mintToken({ key: key(), issuer: v2Issuer(), claims: { aud: `api://localhost:3000/${TEST_CLIENT}` } }),
    );
    expect(lines).toHaveLength(1);
    expect(lines[0]?.message).toContain(
      `is api://localhost:3000/${TEST_CLIENT}, which names host localhost:3000 but PUBLIC_URL's host is addin.contoso.com`,
    );
  });

  it('logs each kind of mistake once a minute, with how many it held back', async () => {
    for (let i = 0; i < 5; i++) await refused(await v1Token());
    expect(lines).toHaveLength(1);
    clock += 60_000;
    await refused(await v1Token());
    expect(lines).toHaveLength(2);
    expect(lines[1]?.details).toEqual({ misconfiguration: 'v1Token', similarSinceLastReport: 4 });
  });

  it('says nothing for a forged token that only looks like a v1 token or names another audience', async () => {
    const stranger = await createSigningKey(key().kid);
    expect((await refused(await v1Token(stranger))).code).toBe('invalidToken');
    expect(
      (await refused(await mintToken({ key: stranger, issuer: v2Issuer(), claims: { aud: OTHER_APP } }))).code,
    ).toBe('invalidToken');
    expect(lines).toEqual([]);
  });

  it('still refuses a v1-looking token for a tenant it does not serve before fetching any key', async () => {
    const token = await mintToken({
      key: key(),
      issuer: 'https://sts.windows.net/22222222-3333-4444-8555-666666666666/',
      claims: { ver: '1.0', tid: '22222222-3333-4444-8555-666666666666' },
    });
    expect((await refused(token)).code).toBe('invalidToken');
    expect(upstream.requests.filter((r) => r.path.endsWith('/discovery/v2.0/keys'))).toEqual([]);
  });
});
