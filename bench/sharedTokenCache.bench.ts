/**
 * Token-endpoint calls per 1,000 API calls with two middle tiers sharing one PostgreSQL (and so
 * the Graph-token cache), against one instance alone: 2 users, 1,000 refresh calls (each needs a
 * Graph token), every call with a fresh SSO token (as Office hands out new ones), the calls
 * alternating between the instances. Counted in the emulator's request log from a cold start.
 * Goal: as many as with one instance (one per user per token lifetime).
 */
import { loadConfig } from '../src/server/config';
import { createServer, type RunningServer } from '../src/server/app';
import { SEED_USERS, SEED_WORKBOOKS } from '../src/emulator/directory/seed';
import { Agent } from 'undici';
import { startEmulatorSide } from '../test/support/emulatorSide';
import { resilienceState, ssoTokenFor } from '../test/support/emulatorControl';
import { freePort } from '../test/support/freePort';
import type { LocalStack } from '../test/support/localStack';
import { createTestDatabase } from '../test/support/postgres';
import { apiCall, openSessions } from '../test/support/sessionApi';

const CALLS = 1000;

async function countTokenCalls(instances: 1 | 2): Promise<number> {
  const side = await startEmulatorSide('wbs-bench-obo-');
  const database = await createTestDatabase();
  const dispatcher = new Agent({ connect: { ca: side.caCertPem } });
  const servers: RunningServer[] = [];
  const targets: { addinUrl: string; dispatcher: Agent }[] = [];
  try {
    for (let i = 0; i < instances; i++) {
      const port = i === 0 ? side.addinPort : await freePort();
      const config = loadConfig({
        ...side.serverEnv,
        PORT: String(port),
        REGISTRY_URL: database.url,
        RATE_LIMIT_PER_MINUTE: '0',
        LOG_LEVEL: 'silent',
      });
      const server = await createServer(config);
      await server.listen();
      servers.push(server);
      targets.push({ addinUrl: `https://localhost:${port}`, dispatcher });
    }
    const control = { emulatorUrl: side.emulator.url, dispatcher, addinUrl: side.addinUrl } as unknown as LocalStack;
    const users = [SEED_USERS.megan, SEED_USERS.ana];
    const sessions: string[] = [];
    for (const [i, user] of users.entries()) {
      const token = await ssoTokenFor(control, user.oid);
      const [id] = await openSessions(
        targets[i % instances] ?? targets[0]!,
        token,
        [user === SEED_USERS.megan ? SEED_WORKBOOKS.forecast : SEED_WORKBOOKS.gastos],
        1,
      );
      sessions.push(id ?? '');
    }
    const fresh: string[][] = [[], []];
    for (let i = 0; i < 50; i++)
      for (const [u, user] of users.entries()) fresh[u]?.push(await ssoTokenFor(control, user.oid));
    let next = 0;
    const worker = async (): Promise<void> => {
      for (let n = next++; n < CALLS; n = next++) {
        const u = n % 2;
        const target = targets[Math.floor(n / 2) % instances] ?? targets[0]!;
        const res = await apiCall(
          target,
          fresh[u]?.[Math.floor(n / 2) % 50] ?? '',
          `/api/sessions/${sessions[u]}/refresh`,
          { method: 'POST' },
        );
        if (res.status !== 200) throw new Error(`refresh: ${res.status} ${JSON.stringify(res.body)}`);
      }
    };
    await Promise.all(Array.from({ length: 10 }, worker));
    return (await resilienceState(control)).requests.filter((r) => r.path.endsWith('/oauth2/v2.0/token')).length;
  } finally {
    for (const server of servers) await server.close();
    await database.drop();
    await side.close();
    await dispatcher.close();
  }
}

export async function run(): Promise<void> {
  const one = await countTokenCalls(1);
  const two = await countTokenCalls(2);
  const per = (n: number): string => ((n / (CALLS + 2)) * 1000).toFixed(1);
  console.log(
    `token-endpoint calls for ${CALLS + 2} API calls needing Graph, 2 users, 100 different SSO tokens, from a cold start (PostgreSQL registry):`,
  );
  console.log(`  one instance:                ${one} (${per(one)} per 1,000)`);
  console.log(
    `  two instances, shared cache: ${two} (${per(two)} per 1,000)  (goal: as with one instance: ${two <= one ? 'met' : 'NOT met'})`,
  );
}
