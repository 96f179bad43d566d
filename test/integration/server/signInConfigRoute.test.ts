import { type SignInConfig } from '../../../src/shared/api';
import { call } from '../../support/httpsCall';
import { TEST_CLIENT, TEST_TENANT, type FakeUpstream } from '../../support/fakeUpstream';
import { startTestServer, type TestServer } from '../../support/testServer';
import { signInConfigOf } from '../../../src/server/routes/signInConfigRoute';

describe('GET /api/sign-in-config', () => {
  let stack: TestServer;
  let upstream: FakeUpstream;
  let base: string;

  beforeAll(async () => {
    stack = await startTestServer({
      config: { publicUrl: 'https://addin.contoso.com', graphScopes: ['https://graph.microsoft.com/Files.ReadWrite'] },
    });
    ({ upstream, base } = stack);
  });
  afterAll(async () => stack.close());

  it('answers without a token: client id, authority, the API scope and the Graph permissions to consent to', async () => {
    const answer = await call(base, 'GET', '/api/sign-in-config', { headers: {} });
    expect(answer.status).toBe(200);
    expect(answer.json()).toEqual({
      clientId: TEST_CLIENT,
      authority: `${upstream.url}/${TEST_TENANT}`,
      apiScope: `api://addin.contoso.com/${TEST_CLIENT}/access_as_user`,
      graphScopes: ['https://graph.microsoft.com/Files.ReadWrite'],
    } satisfies SignInConfig);
    expect(answer.headers['cache-control']).toBe('public, max-age=300');
  });

  it('refuses other methods with 405 methodNotAllowed and the methods it takes, like every API path', async () => {
    const answer = await call(base, 'POST', '/api/sign-in-config', { headers: {}, json: {} });
    expect(answer.status).toBe(405);
    expect(answer.json()).toEqual({ error: expect.objectContaining({ code: 'methodNotAllowed' }) });
    expect(answer.headers.allow).toBe('GET, HEAD');
  });
});

describe('signInConfigOf', () => {
  it('signs a multi-tenant deployment in at its tenant-independent authority', () => {
    const config = signInConfigOf({
      authorityHost: 'https://login.microsoftonline.com',
      tenantId: 'organizations',
      clientId: TEST_CLIENT,
      publicUrl: 'https://localhost:3000',
      graphScopes: ['x'],
    });
    expect(config.authority).toBe('https://login.microsoftonline.com/organizations');
    expect(config.apiScope).toBe(`api://localhost:3000/${TEST_CLIENT}/access_as_user`);
  });
});
