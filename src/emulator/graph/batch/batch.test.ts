import { type BatchResponseItem } from '../../../shared/graph';
import { CONNECTION_RESET } from '../GraphDispatcher';
import { type BatchItem, readBatch } from './batchRequest';
import { executeBatch } from './batchExecutor';

const close = (id: string, extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  id,
  method: 'POST',
  url: '/drives/d/items/i/workbook/closeSession',
  ...extra,
});

describe('readBatch', () => {
  it('accepts up to 20 requests and normalises methods and header names', () => {
    const items = readBatch(
      JSON.stringify({
        requests: Array.from({ length: 20 }, (_, i) =>
          close(String(i), { method: 'post', headers: { 'Workbook-Session-Id': 'a=b&c' } }),
        ),
      }),
    );
    expect(items).toHaveLength(20);
    expect(items[0]).toEqual({
      id: '0',
      method: 'POST',
      url: '/drives/d/items/i/workbook/closeSession',
      headers: { 'workbook-session-id': 'a=b&c' },
      dependsOn: [],
    });
  });

  it.each([
    ['21 requests', { requests: Array.from({ length: 21 }, (_, i) => close(String(i))) }, 'limit of 20'],
    ['no requests', { requests: [] }, 'at least one'],
    ['no requests array', { calls: [] }, 'requests'],
    ['duplicate ids differing in case', { requests: [close('A'), close('a')] }, 'more than once'],
    ['a missing url', { requests: [{ id: '1', method: 'GET' }] }, 'url'],
    ['an unknown method', { requests: [close('1', { method: 'TRACE' })] }, 'method'],
    ['a body without Content-Type', { requests: [close('1', { body: { persistChanges: true } })] }, 'Content-Type'],
    ['an unknown dependency', { requests: [close('1', { dependsOn: ['9'] })] }, 'not in the batch'],
    [
      'a dependency cycle',
      { requests: [close('1', { dependsOn: ['2'] }), close('2', { dependsOn: ['1'] })] },
      'circular',
    ],
    ['a self dependency', { requests: [close('1', { dependsOn: ['1'] })] }, 'itself'],
  ])('rejects %s with a 400 for the whole batch', (_name, body, word) => {
    expect(() => readBatch(JSON.stringify(body))).toThrow(
      expect.objectContaining({ status: 400, message: expect.stringContaining(word) }),
    );
  });

  it('rejects a body that is not JSON', () => {
    expect(() => readBatch('{')).toThrow(expect.objectContaining({ status: 400 }));
  });
});

describe('executeBatch', () => {
  const item = (id: string, dependsOn: string[] = []): BatchItem => ({
    id,
    method: 'POST',
    url: '/x',
    headers: {},
    dependsOn,
  });
  const failed = (i: BatchItem): BatchResponseItem => ({ id: i.id, status: 424 });

  it('runs dependencies first, answers in request order, and 424s dependents of a failure', async () => {
    const ran: string[] = [];
    const statuses: Record<string, number> = { a: 204, b: 429, c: 204, d: 204 };
    const responses = await executeBatch(
      [item('c', ['a']), item('a'), item('b'), item('d', ['B'])],
      async (i) => {
        ran.push(i.id);
        return { id: i.id, status: statuses[i.id] ?? 500 };
      },
      failed,
    );
    expect(ran).toEqual(['a', 'c', 'b']);
    expect(responses).toEqual([
      { id: 'c', status: 204 },
      { id: 'a', status: 204 },
      { id: 'b', status: 429 },
      { id: 'd', status: 424 },
    ]);
  });

  it('chains failure through several levels', async () => {
    const responses = await executeBatch(
      [item('1'), item('2', ['1']), item('3', ['2'])],
      async (i) => ({ id: i.id, status: 404 }),
      failed,
    );
    expect(responses).toEqual([
      { id: '1', status: 404 },
      { id: '2', status: 424 },
      { id: '3', status: 424 },
    ]);
  });

  it('stops at a connection reset', async () => {
    const ran: string[] = [];
    const outcome = await executeBatch(
      [item('1'), item('2')],
      async (i) => {
        ran.push(i.id);
        return CONNECTION_RESET;
      },
      failed,
    );
    expect(outcome).toBe(CONNECTION_RESET);
    expect(ran).toEqual(['1']);
  });
});
