/**
 * Bytes the middle tier logs per request at `LOG_LEVEL=info`, by kind of answer: routine
 * refusals (401 bad token, 429 over the failed-sign-in limit, 404 unknown route, 400 bad input)
 * and a successful `GET /api/sessions`. Everything pino writes is counted, including any
 * periodic summary line, which the stack's shutdown flushes at the end of each run.
 */
import { Pool } from 'undici';
import { SEED_USERS } from '../src/emulator/directory/seed';
import { ssoTokenFor } from '../test/support/emulatorControl';
import { startLocalStack } from '../test/support/localStack';

const REQUESTS = 1000;
const CLIENTS = 10;

interface Kind {
  name: string;
  path: string;
  /** Authorization header value, if any (resolved once the stack runs). */
  auth?: 'junk' | 'user';
  expect: number;
  /** The failed-sign-in limit per address (0 = off). */
  unauthenticatedLimit: string;
}

const KINDS: Kind[] = [
  { name: '401 invalidToken', path: '/api/sessions', auth: 'junk', expect: 401, unauthenticatedLimit: '0' },
  {
    name: '429 rateLimited (failed sign-ins)',
    path: '/api/sessions',
    auth: 'junk',
    expect: 429,
    unauthenticatedLimit: '1',
  },
  { name: '404 routeNotFound', path: '/api/no-such-route', expect: 404, unauthenticatedLimit: '0' },
  {
    name: '400 invalidRequest (query string)',
    path: '/api/sessions?x=1',
    auth: 'user',
    expect: 400,
    unauthenticatedLimit: '0',
  },
  { name: '200 GET /api/sessions', path: '/api/sessions', auth: 'user', expect: 200, unauthenticatedLimit: '0' },
];

async function measure(kind: Kind): Promise<{ bytes: number; lines: number; unexpected: number }> {
  let bytes = 0;
  let lines = 0;
  let counting = false;
  const stream = {
    write(line: string): void {
      if (!counting) return;
      bytes += Buffer.byteLength(line);
      lines += 1;
    },
  };
  const stack = await startLocalStack({
    serverEnv: {
      LOG_LEVEL: 'info',
      RATE_LIMIT_PER_MINUTE: '0',
      RATE_LIMIT_UNAUTHENTICATED_PER_MINUTE: kind.unauthenticatedLimit,
    },
    serverOverrides: { logStream: stream },
  });
  const pool = new Pool(stack.addinUrl, { connections: CLIENTS, connect: { ca: stack.caCertPem } });
  let unexpected = 0;
  try {
    const token =
      kind.auth === 'user'
        ? await ssoTokenFor(stack, SEED_USERS.megan.oid)
        : kind.auth === 'junk'
          ? 'not.a.token'
          : undefined;
    const headers = token === undefined ? {} : { authorization: `Bearer ${token}` };
    if (kind.expect === 429) {
      // Use up the address's budget first, outside the count.
      await (await pool.request({ method: 'GET', path: kind.path, headers })).body.dump();
    }
    counting = true;
    let sent = 0;
    const client = async (): Promise<void> => {
      while (sent < REQUESTS) {
        sent++;
        const res = await pool.request({ method: 'GET', path: kind.path, headers });
        await res.body.dump();
        if (res.statusCode !== kind.expect) unexpected++;
      }
    };
    await Promise.all(Array.from({ length: CLIENTS }, client));
  } finally {
    await pool.close();
    await stack.close();
  }
  return { bytes, lines, unexpected };
}

export async function run(): Promise<void> {
  console.log(
    `${REQUESTS} requests per kind, ${CLIENTS} at a time, LOG_LEVEL=info; bytes and lines pino wrote while they ran (and at shutdown)`,
  );
  console.log('| answer | bytes per request | lines per request |');
  console.log('|---|---|---|');
  for (const kind of KINDS) {
    const { bytes, lines, unexpected } = await measure(kind);
    if (unexpected > 0) console.log(`(${unexpected} answers were not ${kind.expect})`);
    console.log(`| ${kind.name} | ${(bytes / REQUESTS).toFixed(1)} | ${(lines / REQUESTS).toFixed(3)} |`);
  }
}
