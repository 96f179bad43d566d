// JSON batching through the SDK's BatchRequestContent/BatchResponseContent, and the emulator's
// fault rules as the SDK meets them (its RetryHandler honours Retry-After).
import { BatchRequestContent, BatchResponseContent, type Client, GraphError } from '@microsoft/microsoft-graph-client';
import { graphClient, graphTokenFor } from './clients';
import { controlOf, emulatorOnly, startTarget, type ConformanceTarget } from './target';
import { type EmulatorControl } from '../support/emulatorControl';

let target: ConformanceTarget;
let graph: Client;
let workbookPath: string;

beforeAll(async () => {
  target = await startTarget();
  graph = graphClient(target, await graphTokenFor(target, await target.userAssertion()));
  workbookPath = `/drives/${target.workbook.driveId}/items/${target.workbook.itemId}/workbook`;
});
afterAll(() => target.close());

/** A batch item; Node's Request needs an absolute URL, and the SDK keeps only the path. */
function item(
  id: string,
  path: string,
  headers: Record<string, string>,
  body: unknown,
  dependsOn?: string[],
): { id: string; request: Request; dependsOn?: string[] } {
  const request = new Request(`${target.graphHost}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  return dependsOn === undefined ? { id, request } : { id, request, dependsOn };
}

async function createSession(): Promise<string> {
  const created = (await graph.api(`${workbookPath}/createSession`).post({ persistChanges: false })) as { id: string };
  return created.id;
}

interface RawBatch {
  responses: { id: string; status: number; headers?: Record<string, string>; body?: unknown }[];
}
let lastRaw: RawBatch = { responses: [] };

async function runBatch(steps: ReturnType<typeof item>[]): Promise<BatchResponseContent> {
  const content = await new BatchRequestContent(steps).getContent();
  lastRaw = (await graph.api('/$batch').post(content)) as RawBatch;
  return new BatchResponseContent(lastRaw);
}

describe('$batch through the SDK', () => {
  it('closes two sessions in one batch and reports each item; an unknown session is its own 404', async () => {
    const [a, b] = [await createSession(), await createSession()];
    const batch = await runBatch([
      item('1', `${workbookPath}/closeSession`, { 'workbook-session-id': a }, {}),
      item('2', `${workbookPath}/closeSession`, { 'workbook-session-id': b }, {}),
      item('3', `${workbookPath}/closeSession`, { 'workbook-session-id': 'cluster=X&session=15.none/+%3D' }, {}),
    ]);
    expect(batch.getResponseById('1')?.status).toBe(204);
    expect(batch.getResponseById('2')?.status).toBe(204);
    const missing = batch.getResponseById('3');
    expect(missing?.status).toBe(404);
    // The SDK's BatchResponseContent finds a JSON body only under Graph's spelling 'Content-Type'.
    expect(Object.keys(lastRaw.responses.find((r) => r.id === '3')?.headers ?? {})).toContain('Content-Type');
    expect(((await missing?.json()) as { error?: { code?: unknown } }).error?.code).toEqual(expect.any(String));
  });

  it('fails the dependants of a failed item with 424', async () => {
    const session = await createSession();
    const batch = await runBatch([
      item('first', `${workbookPath}/refreshSession`, { 'workbook-session-id': 'cluster=X&session=15.gone' }, {}),
      item('second', `${workbookPath}/closeSession`, { 'workbook-session-id': session }, {}, ['first']),
    ]);
    expect(batch.getResponseById('first')?.status).toBe(404);
    expect(batch.getResponseById('second')?.status).toBe(424);
  });

  it('refuses 21 requests with a 400 for the whole batch', async () => {
    const requests = Array.from({ length: 21 }, (_, i) => ({
      id: String(i + 1),
      method: 'POST',
      url: `${workbookPath}/refreshSession`,
      headers: { 'workbook-session-id': 'x', 'content-type': 'application/json' },
      body: {},
    }));
    const failure: unknown = await graph
      .api('/$batch')
      .post({ requests })
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(GraphError);
    expect((failure as GraphError).statusCode).toBe(400);
  });
});

emulatorOnly('fault rules as the Graph SDK meets them', () => {
  const control = (): EmulatorControl => controlOf(target);
  afterEach(() => control().clearFaults());

  it('a throttled createSession is retried by the SDK after Retry-After, and the emulator saw no early retry', async () => {
    const { rules } = await control().setFaults({
      seed: 7,
      rules: [{ route: 'createSession', kind: 'throttle', count: 1, retryAfterSeconds: 0.2 }],
    });
    const started = Date.now();
    await expect(createSession()).resolves.toEqual(expect.any(String));
    expect(Date.now() - started).toBeGreaterThanOrEqual(190);
    const state = (await control().state()) as {
      faults?: { fired?: Record<string, number> };
      retryAfterViolations?: unknown[];
    };
    expect(state.faults?.fired?.[rules[0]?.id ?? '']).toBe(1);
    expect(state.retryAfterViolations).toEqual([]);
  });

  it('a throttled batch item carries its own retry-after; the batch itself is 200', async () => {
    const session = await createSession();
    await control().setFaults({
      seed: 7,
      rules: [{ route: 'closeSession', kind: 'throttle', count: 1, retryAfterSeconds: 3 }],
    });
    const batch = await runBatch([item('1', `${workbookPath}/closeSession`, { 'workbook-session-id': session }, {})]);
    const throttled = batch.getResponseById('1');
    expect(throttled?.status).toBe(429);
    expect(throttled?.headers.get('retry-after')).toBe('3');
  });

  it('Graph down: 503 in the Graph envelope once the SDK has used its retries', async () => {
    await control().setFaults({ seed: 7, rules: [{ route: 'shares', kind: 'unavailable', retryAfterSeconds: 0.01 }] });
    const failure: unknown = await graph
      .api('/shares/u!aHR0cHM6Ly9jb250b3NvLnNoYXJlcG9pbnQuY29tL3gueGxzeA/driveItem')
      .get()
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(GraphError);
    expect((failure as GraphError).statusCode).toBe(503);
  });
});
