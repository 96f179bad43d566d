/**
 * Whether a newcomer is served while other clients hold the connection cap with idle keep-alive
 * connections: 12 loopback source addresses (127.0.0.11-22) each open 100 TLS connections, send
 * one unauthenticated GET /healthz on each and then sit idle, as cheap holders would; 1,200 in all
 * against the default MAX_CONNECTIONS=1000 and MAX_CONNECTIONS_PER_ADDRESS=100. Then newcomers
 * from another address (127.0.0.200) ask for /healthz one after another on fresh connections,
 * each after the holders top up (one more connection from each of their addresses, as a holder
 * retrying for any freed slot would): how many are answered, and how fast. Before the holders arrive and while they sit, the 50-client
 * GET /api/sessions load of listSessions.bench.ts runs from yet another address, so its figures
 * can be compared in one run. Every socket is closed at the end.
 *
 * With BENCH_BASELINE_TREE set to another copy of the project (e.g. `git archive <commit>`
 * unpacked in /tmp/baseline, its node_modules linked to the same install), the same measurements
 * run on both trees in one process: the 50-client load alternates between a stack of each tree,
 * three rounds each, so machine load drifts alike for both; then the holders scenario runs on each.
 */
import { join } from 'node:path';
import { connect as netConnect, type Socket } from 'node:net';
import { connect, type TLSSocket } from 'node:tls';
import { SEED_USERS, SEED_WORKBOOKS } from '../src/emulator/directory/seed';
import { ssoTokenFor } from '../test/support/emulatorControl';
import {
  startLocalStack as startCurrentStack,
  type LocalStack,
  type LocalStackOptions,
} from '../test/support/localStack';
import { openSessions } from '../test/support/sessionApi';
import { concurrentGets } from './concurrentGets';

const HOLDER_ADDRESSES = Array.from({ length: 12 }, (_, i) => `127.0.0.${11 + i}`);
const PER_ADDRESS = 100;
const NEWCOMERS = 50;
const NEWCOMER_TIMEOUT_MS = 5000;

interface Held {
  socket: TLSSocket;
  /** Resolves true once the /healthz answer arrived, false when the server closed or reset first. */
  answered: Promise<boolean>;
}

function holdOne(stack: LocalStack, localAddress: string): Held {
  const url = new URL(stack.addinUrl);
  const tcp: Socket = netConnect({ host: url.hostname, port: Number(url.port), localAddress });
  tcp.on('error', () => undefined);
  const socket = connect({ socket: tcp, ca: stack.caCertPem, servername: 'localhost' });
  socket.on('error', () => undefined);
  const answered = new Promise<boolean>((resolve) => {
    socket.once('secureConnect', () => socket.write('GET /healthz HTTP/1.1\r\nHost: localhost\r\n\r\n'));
    socket.once('data', () => resolve(true));
    socket.once('close', () => resolve(false));
  });
  return { socket, answered };
}

/** One newcomer: a fresh connection, one GET /healthz; its time to the answer, or undefined when refused or late. */
async function newcomer(stack: LocalStack): Promise<number | undefined> {
  const start = performance.now();
  const held = holdOne(stack, '127.0.0.200');
  const timer = setTimeout(() => held.socket.destroy(), NEWCOMER_TIMEOUT_MS);
  const ok = await held.answered;
  clearTimeout(timer);
  held.socket.destroy();
  return ok ? performance.now() - start : undefined;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? NaN;
}

async function listLoad(stack: LocalStack, token: string, label: string): Promise<void> {
  const load = await concurrentGets({
    baseUrl: stack.addinUrl,
    caCertPem: stack.caCertPem,
    path: '/api/sessions',
    headers: { authorization: `Bearer ${token}` },
    clients: 50,
    requests: 10_000,
    maxMs: 10_000,
  }).catch((error: unknown) => error as Error);
  if (load instanceof Error) {
    console.log(`${label}: GET /api/sessions, 50 clients: failed (${load.message})`);
    return;
  }
  console.log(
    `${label}: GET /api/sessions, 50 clients: ${load.count} requests in ${(load.elapsedMs / 1000).toFixed(1)} s, ${load.failed} non-200; ${load.rps.toFixed(0)} req/s, p50 ${load.p50.toFixed(1)} ms, p99 ${load.p99.toFixed(1)} ms`,
  );
}

type StartStack = (options: LocalStackOptions) => Promise<LocalStack>;

// A holder renews each connection with a request within the keep-alive timeout (72 s); opening
// 1,200 TLS connections here can outlast it, so it is raised instead of simulating that upkeep.
const STACK_OPTIONS: LocalStackOptions = {
  serverEnv: { RATE_LIMIT_PER_MINUTE: '0', LOG_LEVEL: 'silent', KEEP_ALIVE_TIMEOUT_SECONDS: '900' },
};

/** A stack with Megan's 20 sessions open; her token. */
async function stackWithSessions(start: StartStack): Promise<{ stack: LocalStack; megan: string }> {
  const stack = await start(STACK_OPTIONS);
  const megan = await ssoTokenFor(stack, SEED_USERS.megan.oid);
  await openSessions(stack, megan, [SEED_WORKBOOKS.presupuesto, SEED_WORKBOOKS.forecast], 10);
  return { stack, megan };
}

async function holdersScenario(start: StartStack, tree: string): Promise<void> {
  const { stack, megan } = await stackWithSessions(start);
  const held: Held[] = [];
  try {
    await listLoad(stack, megan, `${tree}, no holders`);

    // The holders connect 50 at a time (a bounded burst), each waiting for its answer.
    const openStart = performance.now();
    const all = HOLDER_ADDRESSES.flatMap((address) => Array.from({ length: PER_ADDRESS }, () => address));
    let answeredHolders = 0;
    for (let i = 0; i < all.length; i += 50) {
      const batch = all.slice(i, i + 50).map((address) => holdOne(stack, address));
      held.push(...batch);
      answeredHolders += (await Promise.all(batch.map((h) => h.answered))).filter(Boolean).length;
    }
    const stillOpen = (): number => held.filter((h) => !h.socket.destroyed && !h.socket.closed).length;
    console.log(
      `${tree}: holders: ${all.length} connections from ${HOLDER_ADDRESSES.length} addresses opened in ${((performance.now() - openStart) / 1000).toFixed(1)} s, ${answeredHolders} answered, ${stillOpen()} still open`,
    );

    const times: number[] = [];
    for (let i = 0; i < NEWCOMERS; i++) {
      const topUp = HOLDER_ADDRESSES.map((address) => holdOne(stack, address));
      held.push(...topUp);
      await Promise.all(topUp.map((h) => h.answered));
      const ms = await newcomer(stack);
      if (ms !== undefined) times.push(ms);
    }
    console.log(
      `${tree}: newcomers from another address while the holders sit: ${times.length}/${NEWCOMERS} answered, median ${times.length === 0 ? '-' : `${median(times).toFixed(1)} ms`}, slowest ${times.length === 0 ? '-' : `${Math.max(...times).toFixed(1)} ms`}; holders still open: ${stillOpen()}`,
    );
    await listLoad(stack, megan, `${tree}, holders sitting`);
  } finally {
    for (const h of held) h.socket.destroy();
    await stack.close();
  }
}

export async function run(): Promise<void> {
  const baselineTree = process.env.BENCH_BASELINE_TREE ?? '';
  if (baselineTree === '') {
    await holdersScenario(startCurrentStack, 'this tree');
    return;
  }
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the other tree's module, chosen at run time
  const baseline = (require(join(baselineTree, 'test', 'helpers', 'localStack')) as { startLocalStack: StartStack })
    .startLocalStack;
  const trees: [string, StartStack][] = [
    ['baseline', baseline],
    ['this tree', startCurrentStack],
  ];
  const stacks = await Promise.all(trees.map(async ([tree, start]) => ({ tree, ...(await stackWithSessions(start)) })));
  try {
    for (let round = 1; round <= 3; round++) {
      for (const { tree, stack, megan } of stacks) await listLoad(stack, megan, `round ${round}, ${tree}, no holders`);
    }
  } finally {
    await Promise.all(stacks.map(({ stack }) => stack.close()));
  }
  for (const [tree, start] of trees) await holdersScenario(start, tree);
}
