/**
 * The OBO client with real msal-node against a fake token endpoint: one exchange per user (not
 * per SSO token), the user's own tenant as authority, failures never cached.
 */
import Fastify from 'fastify';
import type { Agent } from 'undici';
import { createOutboundAgent } from '../../../src/server/http/outboundAgent';
import {
  startFakeUpstream,
  TEST_CLIENT,
  TEST_TENANT,
  TEST_USER_OID,
  type FakeUpstream,
  type UpstreamAnswer,
} from '../../support/fakeUpstream';
import { testCertificate } from '../../../src/server/testSupport/selfSignedCert';
import { createOboClient, type GraphTokenProvider } from '../../../src/server/auth/oboClient';
import type { AuthenticatedUser } from '../../../src/server/auth/ssoTokenValidator';

const OTHER_TENANT = '22222222-3333-4444-8555-666666666666';
const log = Fastify({ logger: false }).log;

let upstream: FakeUpstream;
let agent: Agent;
let obo: GraphTokenProvider;
let answer: () => UpstreamAnswer;
let issued = 0;

const user = (assertion: string, tenantId = TEST_TENANT, userOid = TEST_USER_OID): AuthenticatedUser => ({
  tenantId,
  userOid,
  assertion,
  expiresAt: Math.floor(Date.now() / 1000) + 3600,
});
const tokenRequests = (): string[] =>
  upstream.requests.filter((r) => r.path.includes('/oauth2/v2.0/token')).map((r) => r.path.split('?')[0] ?? '');
const success = (): UpstreamAnswer => ({
  status: 200,
  body: {
    token_type: 'Bearer',
    scope: 'https://graph.microsoft.com/Files.ReadWrite',
    expires_in: 3599,
    ext_expires_in: 3599,
    access_token: `graph-${++issued}`,
  },
});

beforeAll(async () => {
  upstream = await startFakeUpstream();
  agent = createOutboundAgent(testCertificate().certPem);
  upstream.handler = (req) => (req.path.includes('/oauth2/v2.0/token') ? answer() : undefined);
});

afterAll(async () => {
  await agent.close();
  await upstream.close();
});

beforeEach(() => {
  upstream.requests.length = 0;
  answer = success;
  obo = createOboClient({
    authorityHost: upstream.url,
    clientId: TEST_CLIENT,
    clientCredential: { kind: 'secret', secret: 'secret' },
    graphScopes: ['https://graph.microsoft.com/Files.ReadWrite'],
    dispatcher: agent,
    logger: log,
  });
});

describe('createOboClient', () => {
  it('exchanges once per user however many different SSO tokens arrive, and again after forget', async () => {
    const first = await obo.graphTokenFor(user('sso-token-1'), log);
    expect(first.fromCache).toBe(false);
    expect(await obo.graphTokenFor(user('sso-token-2'), log)).toEqual({ token: first.token, fromCache: true });
    expect(
      await Promise.all([obo.graphTokenFor(user('sso-token-3'), log), obo.graphTokenFor(user('sso-token-4'), log)]),
    ).toEqual([
      { token: first.token, fromCache: true },
      { token: first.token, fromCache: true },
    ]);
    expect(tokenRequests()).toHaveLength(1);
    await obo.forget(user('any'), first.token);
    expect((await obo.graphTokenFor(user('sso-token-5'), log)).token).not.toBe(first.token);
    expect(tokenRequests()).toHaveLength(2);
  });

  it('keeps users apart and asks each user’s own tenant', async () => {
    const a = (await obo.graphTokenFor(user('t1'), log)).token;
    const b = (await obo.graphTokenFor(user('t2', OTHER_TENANT), log)).token;
    const c = (await obo.graphTokenFor(user('t3', TEST_TENANT, 'bbbbbbbb-cccc-4ddd-8eee-ffffffffffff'), log)).token;
    expect(new Set([a, b, c]).size).toBe(3);
    expect(tokenRequests()).toEqual([
      `/${TEST_TENANT}/oauth2/v2.0/token`,
      `/${OTHER_TENANT}/oauth2/v2.0/token`,
      `/${TEST_TENANT}/oauth2/v2.0/token`,
    ]);
  });

  it('maps an Entra failure to its typed error and does not cache it', async () => {
    answer = () => ({
      status: 400,
      body: {
        error: 'invalid_grant',
        error_description: 'AADSTS65001: The user or administrator has not consented.',
        error_codes: [65001],
        timestamp: '2026-01-01 00:00:00Z',
        trace_id: 't',
        correlation_id: 'c',
      },
    });
    await expect(obo.graphTokenFor(user('sso-1'), log)).rejects.toEqual(
      expect.objectContaining({ code: 'consentRequired', status: 403 }),
    );
    answer = success;
    await expect(obo.graphTokenFor(user('sso-2'), log)).resolves.toEqual({
      token: expect.stringMatching(/^graph-/),
      fromCache: false,
    });
    expect(tokenRequests()).toHaveLength(2);
  });

  it('declares the cp1 capability, and after a claims challenge sends the claims with the next exchange only', async () => {
    const claimsSent = (): unknown[] =>
      upstream.requests
        .filter((r) => r.path.includes('/oauth2/v2.0/token'))
        .map((r) => {
          const claims = new URLSearchParams(r.body).get('claims');
          return claims === null ? undefined : (JSON.parse(claims) as unknown);
        });
    const challenged = await obo.graphTokenFor(user('sso-1'), log);
    const challenge = '{"access_token":{"nbf":{"essential":true,"value":"1800000001"}}}';
    await obo.requireClaims(user('sso-1'), challenged.token, challenge);
    const fresh = await obo.graphTokenFor(user('sso-2'), log);
    expect(fresh).toEqual({ token: expect.not.stringMatching(`^${challenged.token}$`), fromCache: false });
    await obo.forget(user('sso-2'), fresh.token);
    await obo.graphTokenFor(user('sso-3'), log);
    const cp1 = { xms_cc: { values: ['CP1'] } };
    // msal adds id_token claims of its own beside these.
    expect(claimsSent()).toEqual([
      expect.objectContaining({ access_token: cp1 }),
      expect.objectContaining({ access_token: { nbf: { essential: true, value: '1800000001' }, ...cp1 } }),
      expect.objectContaining({ access_token: cp1 }),
    ]);
  });
});
