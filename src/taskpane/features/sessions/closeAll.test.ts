import { type CloseManyResult } from '../../../shared/api';
import { ApiError } from '../../api/ApiError';
import { chunksOf, closeInChunks, type CloseManyApi } from './closeAll';

/** Answers every id with `outcome(id)` and records each request's ids. */
function fakeApi(outcome: (id: string) => CloseManyResult | 'throw'): CloseManyApi & { calls: string[][] } {
  const calls: string[][] = [];
  return {
    calls,
    closeSessions: (ids) => {
      calls.push([...ids]);
      const results = ids.map(outcome);
      if (results.includes('throw')) return Promise.reject(new ApiError('networkError', 'offline'));
      return Promise.resolve(results as CloseManyResult[]);
    },
  };
}

const ids = (n: number): string[] => Array.from({ length: n }, (_, i) => `id-${i}`);

describe('chunksOf', () => {
  it('splits into the contract limit of 200 per request', () => {
    expect(chunksOf(ids(450)).map((c) => c.length)).toEqual([200, 200, 50]);
    expect(chunksOf(ids(200)).map((c) => c.length)).toEqual([200]);
    expect(chunksOf([])).toEqual([]);
  });
});

describe('closeInChunks', () => {
  it('sends 250 ids as two requests (200 + 50) and reports each as it settles', async () => {
    const api = fakeApi((id) => ({ id, outcome: 'closed' }));
    const settled: number[] = [];
    const report = await closeInChunks(api, ids(250), (gone) => settled.push(gone.length));
    expect(api.calls.map((c) => c.length)).toEqual([200, 50]);
    expect(api.calls.flat()).toEqual(ids(250));
    expect(settled).toEqual([200, 50]);
    expect(report).toEqual({ goneCount: 250, problem: null });
  });

  it('stops at a request that fails as a whole and counts everything not closed', async () => {
    const api = fakeApi((id) =>
      id === 'id-205'
        ? 'throw'
        : id === 'id-3'
          ? { id, outcome: 'failed', error: { code: 'workbookAccessDenied', message: 'x' } }
          : { id, outcome: 'closed' },
    );
    const stillOpen: string[] = [];
    const report = await closeInChunks(api, ids(450), (_gone, open) => stillOpen.push(...open));
    expect(api.calls).toHaveLength(2);
    expect(stillOpen).toHaveLength(1 + 250);
    // The first error explains the problem; the count covers the failed and the unsent.
    expect(report).toEqual({
      goneCount: 199,
      problem: {
        operation: { kind: 'closeAll', failedCount: 251 },
        cause: { kind: 'api', code: 'workbookAccessDenied' },
      },
    });
  });

  it('counts sessions already gone (sessionNotFound, sessionExpired) as closed', async () => {
    const api = fakeApi((id) =>
      id === 'id-0'
        ? { id, outcome: 'failed', error: { code: 'sessionNotFound', message: 'x' } }
        : id === 'id-1'
          ? { id, outcome: 'failed', error: { code: 'sessionExpired', message: 'x' } }
          : { id, outcome: 'closed' },
    );
    const gone: string[] = [];
    const report = await closeInChunks(api, ids(3), (settled) => gone.push(...settled));
    expect(gone).toEqual(ids(3));
    expect(report).toEqual({ goneCount: 3, problem: null });
  });

  it('quotes the longest wait any failure asked for', async () => {
    const api = fakeApi((id) => ({
      id,
      outcome: 'failed',
      error: { code: 'upstreamUnavailable', message: 'x', retryAfterSeconds: Number(id.slice(3)) },
    }));
    const report = await closeInChunks(api, ids(3), () => undefined);
    expect(report.problem?.cause).toEqual({ kind: 'api', code: 'upstreamUnavailable', retryAfterSeconds: 2 });
  });
});
