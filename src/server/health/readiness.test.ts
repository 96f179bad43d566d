import Fastify from 'fastify';
import { createReadinessProbe, type ReadinessCheck } from './readiness';

function capturingLog(): { log: ReturnType<typeof Fastify>['log']; lines: Array<{ level: string; msg: string }> } {
  const lines: Array<{ level: string; msg: string }> = [];
  const app = Fastify({
    logger: {
      level: 'info',
      stream: { write: (line: string) => void lines.push(JSON.parse(line) as { level: string; msg: string }) },
    },
  });
  return { log: app.log, lines };
}

describe('createReadinessProbe', () => {
  let t = 0;
  const now = (): number => t;
  beforeEach(() => {
    t = 1_000_000;
  });

  it('is ready when every check passes, and names the failing one otherwise', async () => {
    let entraUp = true;
    const checks: ReadinessCheck[] = [
      { name: 'registry', run: async () => undefined },
      {
        name: 'entra',
        run: async () => (entraUp ? undefined : Promise.reject(new Error('keys endpoint answered 503'))),
      },
    ];
    const probe = createReadinessProbe(checks, { now, log: capturingLog().log, cacheMs: 10_000 });
    expect(await probe.report()).toEqual({ ready: true, checks: { registry: 'ok', entra: 'ok' } });
    entraUp = false;
    t += 10_000;
    expect(await probe.report()).toEqual({ ready: false, checks: { registry: 'ok', entra: 'failing' } });
  });

  it('asks each dependency at most once per cache period, however many probes arrive at once', async () => {
    let runs = 0;
    const probe = createReadinessProbe([{ name: 'entra', run: async () => void runs++ }], {
      now,
      log: capturingLog().log,
      cacheMs: 10_000,
    });
    await Promise.all(Array.from({ length: 20 }, () => probe.report()));
    t += 9_999;
    await probe.report();
    expect(runs).toBe(1);
    t += 1;
    await probe.report();
    expect(runs).toBe(2);
  });

  it('gives a check that never answers a bounded time, then reports it failing', async () => {
    const probe = createReadinessProbe([{ name: 'registry', run: () => new Promise<void>(() => undefined) }], {
      now,
      log: capturingLog().log,
      timeoutMs: 50,
    });
    expect(await probe.report()).toEqual({ ready: false, checks: { registry: 'failing' } });
  });

  it('logs a failure when it starts and when it ends, not on every probe', async () => {
    const { log, lines } = capturingLog();
    let up = false;
    const probe = createReadinessProbe(
      [{ name: 'entra', run: async () => (up ? undefined : Promise.reject(new Error('DNS failure'))) }],
      { now, log, cacheMs: 1 },
    );
    for (let i = 0; i < 5; i++) {
      t += 10;
      await probe.report();
    }
    up = true;
    t += 10;
    await probe.report();
    expect(lines.map((l) => l.msg)).toEqual(['readiness: entra is failing', 'readiness: entra recovered']);
  });
});
