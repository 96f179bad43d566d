/**
 * Test-only: a tiny HTTPS server on 127.0.0.1:0 standing in for Entra ID (JWKS) and, through a
 * per-test handler, for the token endpoint and Graph. Plus a signer for SSO-like test tokens.
 */
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, type JWK, type JWTPayload, type KeyLike } from 'jose';
import { testCertificate } from '../../src/server/testSupport/selfSignedCert';

export const TEST_TENANT = '11111111-2222-4333-8444-555555555555';
export const TEST_CLIENT = '99999999-8888-4777-8666-555555555555';
export const TEST_USER_OID = 'aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee';

export interface UpstreamRequest {
  method: string;
  path: string;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

export interface UpstreamAnswer {
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
}

export interface SigningKey {
  kid: string;
  privateKey: KeyLike;
  jwk: JWK;
}

export interface FakeUpstream {
  url: string;
  requests: UpstreamRequest[];
  /** Keys published at the JWKS URL (mutable: tests rotate keys by editing it). */
  published: SigningKey[];
  /** Answers everything except the JWKS; undefined → 404. */
  handler: (req: UpstreamRequest) => UpstreamAnswer | undefined;
  close(): Promise<void>;
}

export async function createSigningKey(kid: string): Promise<SigningKey> {
  const { publicKey, privateKey } = await generateKeyPair('RS256');
  const jwk = { ...(await exportJWK(publicKey)), kid, use: 'sig', alg: 'RS256' };
  return { kid, privateKey, jwk };
}

export async function startFakeUpstream(tenantId = TEST_TENANT): Promise<FakeUpstream> {
  const { certPem, keyPem } = testCertificate();
  const upstream: FakeUpstream = {
    url: '',
    requests: [],
    published: [await createSigningKey('key-1')],
    handler: () => undefined,
    close: async () => undefined,
  };
  const server: Server = createServer({ cert: certPem, key: keyPem }, (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const request: UpstreamRequest = {
        method: req.method ?? 'GET',
        path: req.url ?? '/',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      upstream.requests.push(request);
      const answer: UpstreamAnswer =
        request.path === `/${tenantId}/discovery/v2.0/keys`
          ? { status: 200, body: { keys: upstream.published.map((k) => k.jwk) } }
          : (upstream.handler(request) ?? {
              status: 404,
              body: { error: { code: 'itemNotFound', message: 'not found' } },
            });
      const text =
        answer.body === undefined ? '' : typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body);
      res.writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers });
      res.end(answer.status === 204 ? undefined : text);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  upstream.url = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
  upstream.close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return upstream;
}

export interface MintOptions {
  key: SigningKey;
  issuer: string;
  claims?: JWTPayload;
  /** Seconds since epoch used as "now" for iat/nbf/exp. */
  nowSeconds?: number;
  header?: Record<string, unknown>;
}

/** An SSO-like token: RS256, 1 h, aud = client id, scp access_as_user, tid, oid. */
export async function mintToken(options: MintOptions): Promise<string> {
  const now = options.nowSeconds ?? Math.floor(Date.now() / 1000);
  const payload: JWTPayload = {
    aud: TEST_CLIENT,
    iss: options.issuer,
    iat: now,
    nbf: now,
    exp: now + 3600,
    scp: 'access_as_user',
    tid: TEST_TENANT,
    oid: TEST_USER_OID,
    sub: 'subject-1',
    ver: '2.0',
    // Office on the web asked for it (the SSO path); tests override it for the other paths.
    azp: '93d53678-613d-4013-afc1-62e9e444a0a5',
    ...options.claims,
  };
  return new SignJWT(payload)
    .setProtectedHeader({ alg: 'RS256', kid: options.key.kid, typ: 'JWT', ...options.header })
    .sign(options.key.privateKey);
}

/** The first key `upstream` publishes: the one tests sign with unless they rotate. */
export function publishedKey(upstream: FakeUpstream): SigningKey {
  const first = upstream.published[0];
  if (first === undefined) throw new Error('the fake upstream publishes no key');
  return first;
}

/** An Authorization header with a valid SSO token of the test user, issued by `upstream` for the test tenant. */
export async function ssoAuthorization(upstream: FakeUpstream): Promise<{ authorization: string }> {
  return {
    authorization: `Bearer ${await mintToken({ key: publishedKey(upstream), issuer: `${upstream.url}/${TEST_TENANT}/v2.0` })}`,
  };
}
