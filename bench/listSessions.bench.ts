/**
 * GET /api/sessions under 50 concurrent clients (an undici Pool of 50 connections, loopback,
 * bounded by request count and time): throughput and p50/p99 latency; then OBO token-endpoint
 * calls (counted in the emulator's request log) per 1,000 API calls that need a Graph token.
 */
import { SEED_USERS, SEED_WORKBOOKS } from '../src/emulator/directory/seed';
import { resilienceState, ssoTokenFor } from '../test/support/emulatorControl';
import { startLocalStack } from '../test/support/localStack';
import { apiCall, openSessions } from '../test/support/sessionApi';
import { concurrentGets } from './concurrentGets';

const CLIENTS = 50;
const REQUESTS = 20_000;
const MAX_MS = 20_000;

export async function run(): Promise<void> {
  const stack = await startLocalStack({ serverEnv: { RATE_LIMIT_PER_MINUTE: '0', LOG_LEVEL: 'silent' } });
  try {
    const megan = await ssoTokenFor(stack, SEED_USERS.megan.oid);
    const ana = await ssoTokenFor(stack, SEED_USERS.ana.oid);
    await openSessions(stack, megan, [SEED_WORKBOOKS.presupuesto, SEED_WORKBOOKS.forecast], 10);

    const load = await concurrentGets({
      baseUrl: stack.addinUrl,
      caCertPem: stack.caCertPem,
      path: '/api/sessions',
      headers: { authorization: `Bearer ${megan}` },
      clients: CLIENTS,
      requests: REQUESTS,
      maxMs: MAX_MS,
    });
    console.log(
      `GET /api/sessions, ${CLIENTS} concurrent clients, 20 sessions listed: ${load.count} requests in ${(load.elapsedMs / 1000).toFixed(1)} s, ${load.failed} non-200`,
    );
    console.log(
      `throughput ${load.rps.toFixed(0)} req/s, p50 ${load.p50.toFixed(1)} ms, p99 ${load.p99.toFixed(1)} ms`,
    );

    // OBO: 1,000 refresh calls (each needs a Graph token) by two users, 10 at a time, each
    // call with a different SSO token (as Office hands out new ones), counting every token-
    // endpoint call since the middle tier started cold — the sessions opened above included.
    const [meganSession] = await openSessions(stack, megan, [SEED_WORKBOOKS.forecast], 1);
    const [anaSession] = await openSessions(stack, ana, [SEED_WORKBOOKS.gastos], 1);
    const ssoTokens = { megan: [] as string[], ana: [] as string[] };
    for (let i = 0; i < 50; i++) {
      ssoTokens.megan.push(await ssoTokenFor(stack, SEED_USERS.megan.oid));
      ssoTokens.ana.push(await ssoTokenFor(stack, SEED_USERS.ana.oid));
    }
    let done = 0;
    const refresher = async (): Promise<void> => {
      while (done < 1000) {
        const n = done++;
        const mine = n % 2 === 0;
        const sso = (mine ? ssoTokens.megan : ssoTokens.ana)[Math.floor(n / 2) % 50] ?? '';
        const res = await apiCall(stack, sso, `/api/sessions/${mine ? meganSession : anaSession}/refresh`, {
          method: 'POST',
        });
        if (res.status !== 200) throw new Error(`refresh: ${res.status} ${JSON.stringify(res.body)}`);
      }
    };
    await Promise.all(Array.from({ length: 10 }, refresher));
    const tokenCalls = (await resilienceState(stack)).requests.filter((r) =>
      r.path.endsWith('/oauth2/v2.0/token'),
    ).length;
    const graphCalls = 20 + 2 + 1000;
    console.log(
      `OBO token-endpoint calls since a cold start: ${tokenCalls} for ${graphCalls} API calls needing Graph by 2 users with 102 different SSO tokens (${((tokenCalls / graphCalls) * 1000).toFixed(1)} per 1,000; target: one per user per token lifetime)`,
    );
  } finally {
    await stack.close();
  }
}
