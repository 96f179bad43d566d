/**
 * Probes for load balancers and orchestrators, without authentication and without anything
 * about the configuration in their answers:
 *   GET /healthz  200 {"status":"ok"} while the process runs (liveness: restart it otherwise);
 *   GET /readyz   200 {"status":"ready"} or 503 {"status":"notReady","checks":{…}} (send it traffic
 *                 or not), and 503 {"status":"shuttingDown"} once it is draining.
 * Probes are logged at warn level only (they arrive every few seconds).
 */
import type { FastifyInstance } from 'fastify';
import type { ReadinessProbe } from '../health/readiness';

export const PROBE_PATHS = { health: '/healthz', ready: '/readyz' } as const;

export function registerHealthRoutes(app: FastifyInstance, probe: ReadinessProbe, isDraining: () => boolean): void {
  const quiet = { logLevel: 'warn' as const };
  app.get(PROBE_PATHS.health, quiet, async (_request, reply) => reply.header('cache-control', 'no-store').send({ status: 'ok' }));
  app.get(PROBE_PATHS.ready, quiet, async (_request, reply) => {
    reply.header('cache-control', 'no-store');
    if (isDraining()) return reply.status(503).send({ status: 'shuttingDown' });
    const report = await probe.report();
    return report.ready ? reply.send({ status: 'ready' }) : reply.status(503).send({ status: 'notReady', checks: report.checks });
  });
}
