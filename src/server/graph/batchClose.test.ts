/**
 * The batch closer and the Graph client's retries against a scripted HTTPS Graph (on 127.0.0.1),
 * with injected sleep and randomness: what was sent, in which batches, and how each id ended.
 */
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { Agent } from 'undici';
import type { BatchRequestItem, BatchResponseItem } from '../../shared/graph';
import { testCertificate } from '../testSupport/selfSignedCert';
import { SILENT_LOG as silent } from '../log';
import { createBatchCloser, type CloseResult, type CloseTarget } from './batchClose';
import { createGraphClient } from './graphClient';
import { createGraphPipeline } from './graphPipeline';
import { WorkbookScheduler } from './workbookScheduler';

type Script = (
  path: string,
  body: unknown,
) => { status: number; headers?: Record<string, string>; body?: unknown } | 'reset';

let server: Server;
let base: string;
let agent: Agent;
let script: Script;
let seen: { path: string; body: unknown; headers: Record<string, string | string[] | undefined> }[];

beforeAll(async () => {
  const { certPem, keyPem } = testCertificate();
  server = createServer({ cert: certPem, key: keyPem }, (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const body: unknown = text === '' ? undefined : JSON.parse(text);
      seen.push({ path: req.url ?? '', body, headers: req.headers });
      const answer = script(req.url ?? '', body);
      if (answer === 'reset') {
        req.socket.destroy();
        return;
      }
      res.writeHead(answer.status, { 'content-type': 'application/json', 'request-id': 'r-1', ...answer.headers });
      res.end(answer.body === undefined ? undefined : JSON.stringify(answer.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `https://127.0.0.1:${(server.address() as AddressInfo).port}/v1.0`;
  agent = new Agent({ connect: { ca: testCertificate().certPem } });
});
afterAll(async () => {
  await agent.close();
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});
beforeEach(() => {
  seen = [];
});

const targets = (workbook: string, count: number): CloseTarget[] =>
  Array.from({ length: count }, (_, i) => ({
    ref: `${workbook}-${i}`,
    driveId: 'b!d',
    itemId: workbook,
    graphSessionId: `s=${workbook}&${i}`,
  }));

/** Answers every batch item with `itemAnswer(item)`; dependsOn items after a failure get 424. */
function batchScript(
  itemAnswer: (
    item: BatchRequestItem,
  ) => BatchResponseItem['status'] | { status: number; headers: Record<string, string> },
): Script {
  return (path, body) => {
    if (path !== '/v1.0/$batch') return { status: 404 };
    const failed = new Set<string>();
    const responses = (body as { requests: BatchRequestItem[] }).requests.map((item) => {
      if (item.dependsOn?.some((d) => failed.has(d))) {
        failed.add(item.id);
        return { id: item.id, status: 424 };
      }
      const a = itemAnswer(item);
      const answer = typeof a === 'number' ? { status: a, headers: {} } : a;
      if (answer.status >= 300) failed.add(item.id);
      return { id: item.id, ...answer };
    });
    return { status: 200, body: { responses } };
  };
}

function pipeline(sleeps: number[]) {
  const sleep = async (ms: number): Promise<void> => {
    sleeps.push(ms);
  };
  return {
    pipeline: createGraphPipeline({ baseUrl: base, dispatcher: agent, now: Date.now, sleep, random: () => 0.5 }),
    sleep,
  };
}

/** The batch closer, with every result it reports collected into one map (each reported once). */
function closer(sleeps: number[], maxAttempts = 5) {
  const batch = createBatchCloser({
    ...pipeline(sleeps),
    scheduler: new WorkbookScheduler(8),
    now: Date.now,
    random: () => 0.5,
    retry: { maxAttempts, baseDelayMs: 100, maxDelayMs: 5_000, maxTotalMs: 60_000 },
  });
  return {
    async closeAll(token: string, list: readonly CloseTarget[]): Promise<Map<string, CloseResult>> {
      const results = new Map<string, CloseResult>();
      await batch.closeAll(token, list, silent, async (settled) => {
        for (const [ref, result] of settled) {
          if (results.has(ref)) throw new Error(`${ref} reported twice`);
          results.set(ref, result);
        }
      });
      expect(results.size).toBe(list.length);
      return results;
    },
  };
}

describe('batch close', () => {
  it('sends 45 closes of one workbook as 3 chained batches and closes all', async () => {
    script = batchScript(() => 204);
    const results = await closer([]).closeAll('tok', targets('A', 45));
    expect([...results.values()].every((r) => r.outcome === 'closed')).toBe(true);
    const batches = seen.map((s) => (s.body as { requests: BatchRequestItem[] }).requests);
    expect(batches.map((b) => b.length)).toEqual([20, 20, 5]);
    const first = batches[0] ?? [];
    expect(first[0]).toEqual({
      id: '1',
      method: 'POST',
      url: '/drives/b!d/items/A/workbook/closeSession',
      headers: { 'workbook-session-id': 's=A&0', 'content-type': 'application/json' },
      body: {},
    });
    expect(first.slice(1).every((item, i) => item.dependsOn?.[0] === String(i + 1))).toBe(true);
    expect(new Set(seen.map((s) => s.headers['client-request-id'])).size).toBe(3);
  });

  it('retries throttled items and their 424 dependents after the largest retry-after, and reports gone ones', async () => {
    const throttledOnce = new Set<string>();
    script = batchScript((item) => {
      const session = item.headers?.['workbook-session-id'] ?? '';
      if (session === 's=B&3') return 404;
      if ((session === 's=A&1' || session === 's=B&1') && !throttledOnce.has(session)) {
        throttledOnce.add(session);
        return { status: 429, headers: { 'Retry-After': session === 's=A&1' ? '0.05' : '0.2' } };
      }
      return 204;
    });
    const sleeps: number[] = [];
    const results = await closer(sleeps).closeAll('tok', [...targets('A', 4), ...targets('B', 4)]);
    expect(sleeps).toEqual([200]);
    expect(Object.fromEntries([...results].map(([ref, r]) => [ref, r.outcome]))).toEqual({
      'A-0': 'closed',
      'A-1': 'closed',
      'A-2': 'closed',
      'A-3': 'closed',
      'B-0': 'closed',
      'B-1': 'closed',
      'B-2': 'closed',
      'B-3': 'alreadyGone',
    });
    // Round 2 carries only the throttled items and the ones that never ran (424).
    const round2 = (seen[1]?.body as { requests: BatchRequestItem[] }).requests.map(
      (r) => r.headers?.['workbook-session-id'],
    );
    expect(round2).toEqual(['s=A&1', 's=A&2', 's=A&3', 's=B&1', 's=B&2', 's=B&3']);
  });

  it('retries a whole batch whose connection was reset or that failed with 503, with jittered backoff', async () => {
    let calls = 0;
    const inner = batchScript(() => 204);
    script = (path, body) => {
      calls++;
      if (calls === 1) return 'reset';
      if (calls === 2) return { status: 503, body: { error: { code: 'serviceUnavailable', message: 'x' } } };
      return inner(path, body);
    };
    const sleeps: number[] = [];
    const results = await closer(sleeps).closeAll('tok', targets('A', 3));
    expect([...results.values()].map((r) => r.outcome)).toEqual(['closed', 'closed', 'closed']);
    expect(sleeps).toEqual([50, 100]);
  });

  it('gives up on an item after maxAttempts, and never retries a plain 4xx', async () => {
    script = batchScript((item) => (item.url.includes('/items/A/') ? 503 : 403));
    const results = await closer([], 3).closeAll('tok', [...targets('A', 1), ...targets('B', 1)]);
    expect(results.get('A-0')).toMatchObject({ outcome: 'failed', error: { code: 'upstreamUnavailable' } });
    expect(results.get('B-0')).toMatchObject({ outcome: 'failed', error: { code: 'closeRefused' } });
    expect(seen).toHaveLength(3);
  });
});

describe('Graph client retries', () => {
  const client = (sleeps: number[]) =>
    createGraphClient({
      pipeline: pipeline(sleeps).pipeline,
      retry: { maxAttempts: 4, baseDelayMs: 100, maxDelayMs: 5_000, maxTotalMs: 60_000 },
    });

  it('retries a reset close and a throttled one (fractional Retry-After), each attempt with a fresh client-request-id', async () => {
    const answers: ReturnType<Script>[] = [
      'reset',
      { status: 429, headers: { 'retry-after': '0.25' } },
      { status: 204 },
    ];
    script = () => answers.shift() ?? { status: 500 };
    const sleeps: number[] = [];
    await expect(client(sleeps).closeSession('tok', 'b!d', 'A', 's=1', silent)).resolves.toBe('closed');
    expect(sleeps).toEqual([50, 250]);
    expect(new Set(seen.map((s) => s.headers['client-request-id'])).size).toBe(3);
  });

  it('does not retry createSession after a reset (Graph may have created it), nor any other 4xx', async () => {
    script = () => 'reset';
    await expect(client([]).createSession('tok', 'b!d', 'A', true, silent)).rejects.toMatchObject({
      code: 'upstreamUnavailable',
    });
    expect(seen).toHaveLength(1);
    seen = [];
    script = () => ({ status: 409, body: { error: { code: 'conflict', message: 'x' } } });
    await expect(client([]).refreshSession('tok', 'b!d', 'A', 's=1', silent)).rejects.toMatchObject({
      code: 'workbookBusy',
    });
    expect(seen).toHaveLength(1);
  });

  it('never repeats createSession after an answer that may mean "created" (504, 502, 500), but does after 429 and 503', async () => {
    for (const status of [504, 502, 500]) {
      seen = [];
      script = () => ({ status, body: { error: { code: 'x', message: 'x' } } });
      await expect(client([]).createSession('tok', 'b!d', 'A', true, silent)).rejects.toMatchObject({
        upstreamStatus: status,
      });
      expect(seen).toHaveLength(1);
    }
    seen = [];
    const answers: ReturnType<Script>[] = [
      { status: 429, headers: { 'retry-after': '0' } },
      { status: 503 },
      { status: 201, body: { id: 'new=1', persistChanges: true } },
    ];
    script = () => answers.shift() ?? { status: 500 };
    await expect(client([]).createSession('tok', 'b!d', 'A', true, silent)).resolves.toEqual({
      graphSessionId: 'new=1',
      persistChanges: true,
    });
    expect(seen).toHaveLength(3);
  });

  it('stops after maxAttempts and reports Graph as unavailable', async () => {
    script = () => ({ status: 504, body: { error: { code: 'gatewayTimeout', message: 'x' } } });
    const sleeps: number[] = [];
    await expect(client(sleeps).refreshSession('tok', 'b!d', 'A', 's=1', silent)).rejects.toMatchObject({
      code: 'upstreamUnavailable',
    });
    expect(seen).toHaveLength(4);
    expect(sleeps).toEqual([50, 100, 200]);
  });
});
