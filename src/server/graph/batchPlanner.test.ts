import { chainBatch, classifyCloseAnswer, planBatches, type BatchCandidate } from './batchPlanner';

const items = (workbook: string, count: number, from = 0): BatchCandidate[] =>
  Array.from({ length: count }, (_, i) => ({ ref: `${workbook}${from + i}`, workbookKey: workbook }));

describe('planBatches', () => {
  it('never puts more than 20 items in a batch and loses none', () => {
    const all = [...items('A', 45), ...items('B', 7), ...items('C', 33)];
    const batches = planBatches(all);
    expect(batches.every((b) => b.length <= 20 && b.length > 0)).toBe(true);
    expect(
      batches
        .flat()
        .map((c) => c.ref)
        .sort(),
    ).toEqual(all.map((c) => c.ref).sort());
  });

  it('gives 45 items of one workbook 3 batches, in order', () => {
    const batches = planBatches(items('A', 45));
    expect(batches.map((b) => b.length)).toEqual([20, 20, 5]);
    expect(batches.flat().map((c) => c.ref)).toEqual(items('A', 45).map((c) => c.ref));
  });

  it('keeps a small workbook whole in one batch, packing remainders first-fit by size', () => {
    const batches = planBatches([...items('A', 15), ...items('B', 15), ...items('C', 4), ...items('D', 5)]);
    const workbooksPerBatch = batches.map((b) => [...new Set(b.map((c) => c.workbookKey))].sort().join(''));
    expect(workbooksPerBatch).toEqual(['AD', 'BC']);
  });

  it('spreads 100 items over 5 workbooks into 5 single-workbook batches', () => {
    const all = ['A', 'B', 'C', 'D', 'E'].flatMap((w) => items(w, 20));
    const batches = planBatches(all);
    expect(batches).toHaveLength(5);
    expect(batches.every((b) => new Set(b.map((c) => c.workbookKey)).size === 1)).toBe(true);
  });

  it('honours a smaller limit and refuses a nonsensical one', () => {
    expect(planBatches(items('A', 5), 2).map((b) => b.length)).toEqual([2, 2, 1]);
    expect(() => planBatches(items('A', 1), 0)).toThrow(RangeError);
  });
});

describe('chainBatch', () => {
  it('numbers items and chains each workbook with dependsOn; different workbooks stay independent', () => {
    const chained = chainBatch([...items('A', 1), ...items('B', 1), ...items('A', 2, 1), ...items('B', 1, 1)]);
    expect(chained.map(({ batchId, dependsOn, candidate }) => [candidate.ref, batchId, dependsOn])).toEqual([
      ['A0', '1', undefined],
      ['B0', '2', undefined],
      ['A1', '3', '1'],
      ['A2', '4', '3'],
      ['B1', '5', '2'],
    ]);
  });
});

describe('classifyCloseAnswer', () => {
  const now = 0;
  it('settles 204 as closed, and 404 / invalidSession* as already gone', () => {
    expect(classifyCloseAnswer(204, {}, undefined, now)).toEqual({ kind: 'settled', outcome: 'closed' });
    expect(classifyCloseAnswer(404, {}, { error: { code: 'itemNotFound' } }, now)).toEqual({
      kind: 'settled',
      outcome: 'alreadyGone',
    });
    expect(
      classifyCloseAnswer(
        400,
        {},
        { error: { code: 'badRequest', innerError: { code: 'invalidSessionNotFound' } } },
        now,
      ),
    ).toEqual({ kind: 'settled', outcome: 'alreadyGone' });
  });

  it('retries 429 with its retry-after (any header case), 5xx, and 424 without counting an attempt', () => {
    expect(classifyCloseAnswer(429, { 'Retry-After': '0.2' }, undefined, now)).toEqual({
      kind: 'retry',
      retryAfterMs: 200,
      counts: true,
    });
    expect(classifyCloseAnswer(503, {}, undefined, now)).toEqual({ kind: 'retry', counts: true });
    expect(classifyCloseAnswer(504, { 'retry-after': '1' }, undefined, now)).toEqual({
      kind: 'retry',
      retryAfterMs: 1000,
      counts: true,
    });
    expect(classifyCloseAnswer(424, {}, undefined, now)).toEqual({ kind: 'retry', counts: false });
  });

  it('fails any other 4xx for good', () => {
    expect(classifyCloseAnswer(403, {}, { error: { code: 'accessDenied' } }, now)).toMatchObject({
      kind: 'failed',
      status: 403,
    });
    expect(classifyCloseAnswer(400, {}, undefined, now)).toMatchObject({ kind: 'failed', status: 400 });
  });
});
