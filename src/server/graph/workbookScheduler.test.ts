import { workbookKey, WorkbookScheduler } from './workbookScheduler';

interface Gate {
  promise: Promise<void>;
  open(): void;
}
function gate(): Gate {
  let open = (): void => undefined;
  const promise = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { promise, open };
}
const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('WorkbookScheduler', () => {
  it('runs the tasks of one workbook one at a time, in arrival order', async () => {
    const scheduler = new WorkbookScheduler(8);
    const log: string[] = [];
    const gates = [gate(), gate(), gate()];
    const runs = gates.map((g, i) =>
      scheduler.run(workbookKey('d', 'a'), async () => {
        log.push(`start ${i}`);
        await g.promise;
        log.push(`end ${i}`);
        return i;
      }),
    );
    await tick();
    expect(log).toEqual(['start 0']);
    gates[2]?.open();
    gates[1]?.open();
    await tick();
    expect(log).toEqual(['start 0']);
    gates[0]?.open();
    expect(await Promise.all(runs)).toEqual([0, 1, 2]);
    expect(log).toEqual(['start 0', 'end 0', 'start 1', 'end 1', 'start 2', 'end 2']);
  });

  it('runs different workbooks in parallel up to the bound', async () => {
    const scheduler = new WorkbookScheduler(3);
    let running = 0;
    let peak = 0;
    const release = gate();
    const runs = Array.from({ length: 10 }, (_, i) =>
      scheduler.run(workbookKey('d', `item-${i}`), async () => {
        running++;
        peak = Math.max(peak, running);
        await release.promise;
        running--;
      }),
    );
    await tick();
    expect(scheduler.active).toBe(3);
    release.open();
    await Promise.all(runs);
    expect(peak).toBe(3);
    expect(scheduler.active).toBe(0);
  });

  it('gives a multi-workbook task (a batch) every workbook it names before it starts', async () => {
    const scheduler = new WorkbookScheduler(8);
    const log: string[] = [];
    const first = gate();
    const a = scheduler.run('A', async () => {
      log.push('A');
      await first.promise;
    });
    const ab = scheduler.run(['A', 'B'], async () => {
      log.push('AB');
    });
    const b = scheduler.run('B', async () => {
      log.push('B');
    });
    const c = scheduler.run('C', async () => {
      log.push('C');
    });
    await tick();
    // B waits behind AB (FIFO per workbook), which waits for A; C is independent.
    expect(log).toEqual(['A', 'C']);
    first.open();
    await Promise.all([a, ab, b, c]);
    expect(log).toEqual(['A', 'C', 'AB', 'B']);
  });

  it('passes failures to the caller and frees the workbook', async () => {
    const scheduler = new WorkbookScheduler(1);
    await expect(scheduler.run('A', async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    await expect(
      scheduler.run('A', () => {
        throw new Error('sync boom');
      }),
    ).rejects.toThrow('sync boom');
    await expect(scheduler.run('A', async () => 'ok')).resolves.toBe('ok');
  });

  it('refuses a bound below 1', () => {
    expect(() => new WorkbookScheduler(0)).toThrow(RangeError);
  });
});
