/**
 * With a PostgreSQL registry, the middle tier's logs (at `trace`, msal's and pg's failures
 * included) never carry the database password, the sealing keys or a Graph token, across a
 * sign-in, an open, a close, an on-behalf-of failure, the database going away mid-run, and a
 * start against a database that cannot be reached.
 */
import { randomBytes } from 'node:crypto';
import { SEED_USERS, SEED_WORKBOOKS } from '../../src/emulator/directory/seed';
import type { SessionResponse } from '../../src/shared/api';
import { setEntraBehaviour, ssoTokenFor } from '../support/emulatorControl';
import { freePort } from '../support/freePort';
import { httpsJson, startLocalStack, type LocalStack } from '../support/localStack';
import { captureLogs, type LogCapture } from '../support/logCapture';
import { createTestDatabase, type TestDatabase } from '../support/postgres';

const MEGAN = SEED_USERS.megan.oid;
const JWT_SHAPE = /eyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}/;
// The test cluster trusts loopback, so any password connects; what matters is that it is in the URL.
const PASSWORD = `Pw-${randomBytes(9).toString('hex')}`;
const SEALING_KEY = randomBytes(32);
const SEALING_KEY_PREVIOUS = randomBytes(32);

function secretEnv(registryUrl: string): Record<string, string> {
  return {
    LOG_LEVEL: 'trace',
    REGISTRY_URL: registryUrl,
    SEALING_KEY: SEALING_KEY.toString('base64'),
    SEALING_KEY_PREVIOUS: SEALING_KEY_PREVIOUS.toString('base64url'),
  };
}

function expectNoSecrets(logs: LogCapture): void {
  const text = logs.text();
  expect(text).not.toContain(PASSWORD);
  expect(text).not.toContain(encodeURIComponent(PASSWORD));
  for (const key of [SEALING_KEY, SEALING_KEY_PREVIOUS]) {
    for (const form of [key.toString('base64'), key.toString('base64url'), key.toString('hex')])
      expect(text).not.toContain(form);
  }
  expect(text).not.toMatch(JWT_SHAPE);
}

describe('with a PostgreSQL registry whose URL holds a password', () => {
  let database: TestDatabase;
  let stack: LocalStack;
  const logs = captureLogs();

  beforeAll(async () => {
    database = await createTestDatabase();
    const url = database.url.replace('postgres://postgres@', `postgres://postgres:${encodeURIComponent(PASSWORD)}@`);
    stack = await startLocalStack({ serverEnv: secretEnv(url), serverOverrides: { logStream: logs.stream } });
  }, 60_000);
  afterAll(async () => {
    await stack?.close();
    await database?.drop();
  });

  const call = async (
    path: string,
    init: { method?: string; body?: unknown } = {},
  ): Promise<{ status: number; body: unknown }> =>
    httpsJson(stack, `${stack.addinUrl}${path}`, {
      method: init.method,
      body: init.body,
      headers: { authorization: `Bearer ${await ssoTokenFor(stack, MEGAN)}` },
    });

  it('logs no password, sealing key or token across open, close, an OBO failure and the database going away', async () => {
    // The failure first: once a Graph token is cached, no exchange is made.
    await setEntraBehaviour(stack, MEGAN, 'mfaRequired');
    expect(
      (
        await call('/api/sessions', {
          method: 'POST',
          body: { documentUrl: encodeURI(SEED_WORKBOOKS.forecast.webUrl), persistChanges: true },
        })
      ).status,
    ).toBe(401);
    await setEntraBehaviour(stack, MEGAN, 'ok');
    const opened = await call('/api/sessions', {
      method: 'POST',
      body: { documentUrl: encodeURI(SEED_WORKBOOKS.forecast.webUrl), persistChanges: true },
    });
    expect(opened.status).toBe(201);
    const id = (opened.body as SessionResponse).session.id;
    expect((await call(`/api/sessions/${id}`, { method: 'DELETE' })).status).toBe(200);

    await database.drop();
    // Dropped: new connections fail with 3D000 invalid_catalog_name.
    expect((await call('/api/sessions')).status).toBe(503);

    // The capture holds the flow and the failures, so the absence checks mean something.
    expect(logs.text()).toContain('/api/sessions');
    expect(logs.text()).toMatch(/registry database/);
    expectNoSecrets(logs);
  });
});

describe('with a PostgreSQL registry that cannot be reached at start', () => {
  it('logs where it tried, without the password or the sealing keys', async () => {
    const logs = captureLogs();
    const url = `postgres://postgres:${encodeURIComponent(PASSWORD)}@127.0.0.1:${await freePort()}/registry`;
    const stack = await startLocalStack({ serverEnv: secretEnv(url), serverOverrides: { logStream: logs.stream } });
    try {
      const ready = await httpsJson(stack, `${stack.addinUrl}/readyz`);
      expect(ready.status).toBe(503);
      expect(JSON.stringify(ready.body)).not.toContain('127.0.0.1');
      expect(logs.text()).toContain('127.0.0.1');
      expectNoSecrets(logs);
    } finally {
      await stack.close();
    }
  }, 60_000);
});
