// The `insufficientClaims` fault kind over real HTTPS: Graph's continuous access evaluation
// challenge to a token issued before the revocation, and Entra's token endpoint answering the
// claims request with a token Graph accepts.
import { decodeJwt } from 'jose';
import { SEED_USERS, SEED_WORKBOOKS } from '../../../src/emulator/directory/seed';
import { OBO_GRANT_TYPE } from '../../../src/emulator/entra/tokenEndpoint';
import {
  startTestEmulator,
  TEST_CLIENT,
  TEST_SECRET,
  TEST_TENANT,
  type TestEmulator,
} from '../../support/testEmulator';

let t: TestEmulator;
const MEGAN = SEED_USERS.megan.oid;
const wb = SEED_WORKBOOKS.presupuesto;
const createPath = `/v1.0/drives/${wb.driveId}/items/${wb.itemId}/workbook/createSession`;
const CP1 = { access_token: { xms_cc: { values: ['CP1'] } } };

beforeAll(async () => {
  t = await startTestEmulator();
});
afterAll(async () => t.close());
beforeEach(() => t.emulator.reset());

/** The on-behalf-of exchange as msal-node sends it, with an optional `claims` parameter. */
async function graphTokenVia(claims: object | undefined): Promise<string> {
  const assertion = await t.ctl.mintToken({ userOid: MEGAN, audience: 'addin' });
  const form = new URLSearchParams({
    grant_type: OBO_GRANT_TYPE,
    client_id: TEST_CLIENT,
    client_secret: TEST_SECRET,
    assertion,
    scope: 'https://graph.microsoft.com/Files.ReadWrite',
    requested_token_use: 'on_behalf_of',
  });
  if (claims !== undefined) form.set('claims', JSON.stringify(claims));
  const response = await t.call(`/${TEST_TENANT}/oauth2/v2.0/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: form.toString(),
  });
  expect(response.status).toBe(200);
  return ((await response.json()) as { access_token: string }).access_token;
}

const create = (token: string) =>
  t.call(createPath, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}` },
    body: '{"persistChanges":false}',
  });

function challengeOf(header: string | null): Record<string, string> {
  const params: Record<string, string> = {};
  for (const match of (header ?? '').matchAll(/(\w+)="([^"]*)"/g)) params[match[1] ?? ''] = match[2] ?? '';
  return params;
}

describe('insufficientClaims faults (continuous access evaluation)', () => {
  it('challenges a CAE-capable token issued before the revocation; a token obtained with the claims goes through', async () => {
    const stale = await graphTokenVia(CP1);
    expect(decodeJwt(stale).xms_cc).toEqual(['CP1']);
    await t.ctl.setFaults({ rules: [{ route: 'any', kind: 'insufficientClaims' }] });

    const refused = await create(stale);
    expect(refused.status).toBe(401);
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('InvalidAuthenticationToken');
    const challenge = challengeOf(refused.headers.get('www-authenticate'));
    expect(challenge.error).toBe('insufficient_claims');
    const claims = JSON.parse(Buffer.from(challenge.claims ?? '', 'base64').toString('utf8')) as {
      access_token: { nbf: { essential: boolean; value: string } };
    };
    expect(claims.access_token.nbf.essential).toBe(true);
    const revokedAt = Number(claims.access_token.nbf.value);
    expect(revokedAt).toBeGreaterThan(decodeJwt(stale).iat ?? Infinity);

    // msal merges the capabilities into the challenge's claims.
    const fresh = await graphTokenVia({ access_token: { ...claims.access_token, ...CP1.access_token } });
    expect(decodeJwt(fresh).iat).toBeGreaterThanOrEqual(revokedAt);
    expect((await create(fresh)).status).toBe(201);
    expect((await create(stale)).status).toBe(401);
  });

  it('never challenges a client that did not declare cp1 (its token carries no xms_cc)', async () => {
    const plain = await graphTokenVia(undefined);
    expect(decodeJwt(plain).xms_cc).toBeUndefined();
    await t.ctl.setFaults({ rules: [{ route: 'any', kind: 'insufficientClaims' }] });
    expect((await create(plain)).status).toBe(201);
  });

  it('challenges $batch items too, each with the header', async () => {
    const stale = await graphTokenVia(CP1);
    await t.ctl.setFaults({ rules: [{ route: 'createSession', kind: 'insufficientClaims' }] });
    const body = JSON.stringify({
      requests: [
        {
          id: '1',
          method: 'POST',
          url: createPath.replace('/v1.0', ''),
          headers: { 'content-type': 'application/json' },
          body: { persistChanges: false },
        },
      ],
    });
    const response = await t.call('/v1.0/$batch', {
      method: 'POST',
      headers: { authorization: `Bearer ${stale}`, 'content-type': 'application/json' },
      body,
    });
    expect(response.status).toBe(200);
    const item = ((await response.json()) as { responses: { status: number; headers: Record<string, string> }[] })
      .responses[0];
    expect(item?.status).toBe(401);
    expect(challengeOf(item?.headers['www-authenticate'] ?? null).error).toBe('insufficient_claims');
  });

  it('refuses a claims parameter that is not a JSON object (400 invalid_request)', async () => {
    const assertion = await t.ctl.mintToken({ userOid: MEGAN, audience: 'addin' });
    const form = new URLSearchParams({
      grant_type: OBO_GRANT_TYPE,
      client_id: TEST_CLIENT,
      client_secret: TEST_SECRET,
      assertion,
      scope: 'Files.ReadWrite',
      requested_token_use: 'on_behalf_of',
      claims: 'nbf=now',
    });
    const response = await t.call(`/${TEST_TENANT}/oauth2/v2.0/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: form.toString(),
    });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: string }).error).toBe('invalid_request');
  });
});
