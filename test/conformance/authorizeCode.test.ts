// The fallback sign-in: msal-node's authorization code + PKCE flow against the emulated tenant's
// /authorize page (a person picking a demo user is played by posting the page's own form).
import {
  CryptoProvider,
  type INetworkModule,
  type NetworkRequestOptions,
  type NetworkResponse,
  PublicClientApplication,
  ServerError,
} from '@azure/msal-node';
import { decodeJwt } from 'jose';
import { fetch, request } from 'undici';
import { SEED_USERS } from '../../src/emulator/directory/seed';
import { applicationIdUri } from '../../src/shared/localMode';
import { emulatorOnly, startTarget, type ConformanceTarget } from './target';

const ADDIN = 'https://localhost:3000';
const REDIRECT = `${ADDIN}/dialog.html`;
let target: ConformanceTarget;

beforeAll(async () => {
  target = await startTarget();
});
afterAll(() => target.close());

function publicClient(): PublicClientApplication {
  const dispatcher = target.dispatcher;
  const send = async <T>(
    method: 'GET' | 'POST',
    url: string,
    options?: NetworkRequestOptions,
  ): Promise<NetworkResponse<T>> => {
    const response = await fetch(url, { method, headers: options?.headers, body: options?.body, dispatcher });
    const headers: Record<string, string> = {};
    response.headers.forEach((value, name) => (headers[name] = value));
    return { headers, body: (await response.json()) as T, status: response.status };
  };
  const networkClient: INetworkModule = {
    sendGetRequestAsync: (u, o) => send('GET', u, o),
    sendPostRequestAsync: (u, o) => send('POST', u, o),
  };
  return new PublicClientApplication({
    auth: {
      clientId: target.clientId,
      authority: `${target.authorityHost}/${target.tenantId}`,
      knownAuthorities: [new URL(target.authorityHost).host],
    },
    system: { networkClient },
  });
}

async function get(url: string): Promise<{ status: number; location?: string; body: string }> {
  const res = await request(url, { dispatcher: target.dispatcher });
  const location = res.headers.location;
  return {
    status: res.statusCode,
    location: typeof location === 'string' ? location : undefined,
    body: await res.body.text(),
  };
}

/** What the browser posts when the person picks `userOid` on the sign-in page. */
async function signIn(authorizeUrl: string, userOid: string, action: 'signIn' | 'cancel' = 'signIn'): Promise<URL> {
  const page = await get(authorizeUrl);
  expect(page.status).toBe(200);
  const form = new URLSearchParams();
  for (const match of page.body.matchAll(/<input type="hidden" name="([^"]*)" value="([^"]*)">/g))
    form.append(unescapeHtml(match[1] ?? ''), unescapeHtml(match[2] ?? ''));
  form.set('user', userOid);
  form.set('action', action);
  const res = await request(authorizeUrl.split('?')[0] ?? authorizeUrl, {
    method: 'POST',
    dispatcher: target.dispatcher,
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: form.toString(),
  });
  await res.body.text();
  expect(res.statusCode).toBe(302);
  return new URL(String(res.headers.location));
}

function unescapeHtml(text: string): string {
  return text.replace(
    /&(amp|lt|gt|quot|#39);/g,
    (_, e: string) => ({ amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'" })[e] ?? _,
  );
}

emulatorOnly('authorization code + PKCE with msal-node (interactive sign-in)', () => {
  const apiScope = (): string => `${applicationIdUri('localhost:3000', target.clientId)}/access_as_user`;

  it('signs Ana in, returns code and state to the redirect URI, and redeems the code once', async () => {
    const pca = publicClient();
    const pkce = await new CryptoProvider().generatePkceCodes();
    const url = await pca.getAuthCodeUrl({
      scopes: [apiScope()],
      redirectUri: REDIRECT,
      codeChallenge: pkce.challenge,
      codeChallengeMethod: 'S256',
      state: 'st-1',
      loginHint: SEED_USERS.ana.upn,
    });
    const page = await get(url);
    expect(page.body).toContain('access_as_user');
    expect(page.body).toContain(target.clientId);
    expect(page.body).toMatch(/value="9e8d7c6b-5a49-4c3d-8e2f-1a0b9c8d7e6f" checked/);

    const back = await signIn(url, SEED_USERS.ana.oid);
    expect(`${back.origin}${back.pathname}`).toBe(REDIRECT);
    expect(back.searchParams.get('state')).toBe('st-1');
    const code = back.searchParams.get('code') ?? '';
    expect(code.length).toBeGreaterThan(40);

    const result = await pca.acquireTokenByCode({
      code,
      redirectUri: REDIRECT,
      scopes: [apiScope()],
      codeVerifier: pkce.verifier,
    });
    expect(decodeJwt(result.accessToken)).toMatchObject({
      aud: target.clientId,
      scp: 'access_as_user',
      oid: SEED_USERS.ana.oid,
      azp: target.clientId,
    });
    expect(result.account?.username).toBe(SEED_USERS.ana.upn);

    const again: unknown = await publicClient()
      .acquireTokenByCode({ code, redirectUri: REDIRECT, scopes: [apiScope()], codeVerifier: pkce.verifier })
      .catch((e: unknown) => e);
    expect(again).toBeInstanceOf(ServerError);
    expect((again as ServerError).errorMessage).toMatch(/AADSTS54005/);
  });

  it('refuses a wrong code_verifier (AADSTS50148) and a different redirect_uri (AADSTS500112)', async () => {
    const pkce = await new CryptoProvider().generatePkceCodes();
    const other = await new CryptoProvider().generatePkceCodes();
    const url = await publicClient().getAuthCodeUrl({
      scopes: ['https://graph.microsoft.com/Files.ReadWrite'],
      redirectUri: REDIRECT,
      codeChallenge: pkce.challenge,
      codeChallengeMethod: 'S256',
    });
    const wrongVerifier: unknown = await publicClient()
      .acquireTokenByCode({
        code: (await signIn(url, SEED_USERS.megan.oid)).searchParams.get('code') ?? '',
        redirectUri: REDIRECT,
        scopes: ['https://graph.microsoft.com/Files.ReadWrite'],
        codeVerifier: other.verifier,
      })
      .catch((e: unknown) => e);
    expect((wrongVerifier as ServerError).errorMessage).toMatch(/AADSTS50148/);
    const wrongRedirect: unknown = await publicClient()
      .acquireTokenByCode({
        code: (await signIn(url, SEED_USERS.megan.oid)).searchParams.get('code') ?? '',
        redirectUri: `${ADDIN}/taskpane.html`,
        scopes: ['https://graph.microsoft.com/Files.ReadWrite'],
        codeVerifier: pkce.verifier,
      })
      .catch((e: unknown) => e);
    expect((wrongRedirect as ServerError).errorMessage).toMatch(/AADSTS500112/);
  });

  it('redeems a Graph-scoped code for a Graph token', async () => {
    const pkce = await new CryptoProvider().generatePkceCodes();
    const pca = publicClient();
    const url = await pca.getAuthCodeUrl({
      scopes: ['https://graph.microsoft.com/Files.ReadWrite'],
      redirectUri: REDIRECT,
      codeChallenge: pkce.challenge,
      codeChallengeMethod: 'S256',
    });
    const code = (await signIn(url, SEED_USERS.megan.oid)).searchParams.get('code') ?? '';
    const result = await pca.acquireTokenByCode({
      code,
      redirectUri: REDIRECT,
      scopes: ['https://graph.microsoft.com/Files.ReadWrite'],
      codeVerifier: pkce.verifier,
    });
    expect(decodeJwt(result.accessToken)).toMatchObject({
      aud: 'https://graph.microsoft.com',
      scp: 'Files.ReadWrite',
      oid: SEED_USERS.megan.oid,
    });
  });

  it('sends plain PKCE, a missing challenge and a cancelled sign-in back as errors with state; an unregistered redirect URI is answered in place', async () => {
    const base = `${target.authorityHost}/${target.tenantId}/oauth2/v2.0/authorize`;
    const query = (extra: Record<string, string>): string =>
      `${base}?${new URLSearchParams({ client_id: target.clientId, response_type: 'code', redirect_uri: REDIRECT, scope: 'openid profile', state: 's', ...extra }).toString()}`;
    const invalid: Record<string, string>[] = [{ code_challenge: 'abc', code_challenge_method: 'plain' }, {}];
    for (const extra of invalid) {
      const res = await get(query(extra));
      expect(res.status).toBe(302);
      const location = new URL(res.location ?? '');
      expect(location.searchParams.get('error')).toBe('invalid_request');
      expect(location.searchParams.get('state')).toBe('s');
    }
    const pkce = await new CryptoProvider().generatePkceCodes();
    const cancelled = await signIn(
      query({ code_challenge: pkce.challenge, code_challenge_method: 'S256' }),
      SEED_USERS.megan.oid,
      'cancel',
    );
    expect(cancelled.searchParams.get('error')).toBe('access_denied');
    const stranger = await get(
      query({ redirect_uri: 'https://evil.example/cb', code_challenge: pkce.challenge, code_challenge_method: 'S256' }),
    );
    expect(stranger.status).toBe(400);
    expect(stranger.location).toBeUndefined();
    expect(JSON.parse(stranger.body)).toMatchObject({ error: 'invalid_request', error_codes: [50011] });
  });

  it('redirects its errors as Entra does: error, the AADSTS text with trace id, correlation id and timestamp, error_uri, state', async () => {
    const base = `${target.authorityHost}/${target.tenantId}/oauth2/v2.0/authorize`;
    const correlationId = '0f8fad5b-d9cb-469f-a165-70867728950e';
    const pkce = await new CryptoProvider().generatePkceCodes();
    const query = (extra: Record<string, string>): string =>
      `${base}?${new URLSearchParams({ client_id: target.clientId, response_type: 'code', redirect_uri: REDIRECT, scope: 'openid profile', state: 's', 'client-request-id': correlationId, code_challenge: pkce.challenge, code_challenge_method: 'S256', ...extra }).toString()}`;
    const expectEntraError = (location: URL, error: string, aadsts: number): void => {
      expect(location.searchParams.get('error')).toBe(error);
      expect(location.searchParams.get('error_description')).toMatch(
        new RegExp(
          String.raw`^AADSTS${aadsts}: [^\r\n]+\r\nTrace ID: \S+\r\nCorrelation ID: ${correlationId}\r\nTimestamp: \d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ$`,
        ),
      );
      // MSAL reads the AADSTS number from error_uri's `code=` (its ServerError.errorNo).
      expect(location.searchParams.get('error_uri')).toBe(`https://login.microsoftonline.com/error?code=${aadsts}`);
      expect(location.searchParams.get('state')).toBe('s');
    };
    expectEntraError(await signIn(query({}), SEED_USERS.megan.oid, 'cancel'), 'access_denied', 65004);
    expectEntraError(new URL((await get(query({ prompt: 'none' }))).location ?? ''), 'login_required', 50058);
    expectEntraError(
      new URL((await get(query({ code_challenge_method: 'plain' }))).location ?? ''),
      'invalid_request',
      501481,
    );
    expectEntraError(
      new URL((await get(query({ scope: 'https://graph.microsoft.com/Nope.Nope' }))).location ?? ''),
      'invalid_scope',
      70011,
    );
  });
});
