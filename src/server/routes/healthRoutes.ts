/**
 * Probes for load balancers and orchestrators, without authentication and without anything
 * about the configuration in their answers:
 *   GET /healthz  200 {"status":"ok"} while the process runs (liveness: restart it otherwise);
 *   GET /readyz   200 {"status":"ready",…} or 503 {"status":"notReady","checks":{…}} (send it
 *                 traffic or not), and 503 {"status":"shuttingDown"} once it is draining.
 * Both ready answers count the close credentials found since start that could not be opened
 * (`unopenableCloseCredentials`: a SEALING_KEY rotated without SEALING_KEY_PREVIOUS) and the
 * shared Graph-token cache entries sealed under a key this instance lacks
 * (`unopenableTokenCacheEntries`: instances with different SEALING_KEYs); that is for the
 * administrator to act on, and does not take the instance out of service.
 * Probes are logged at warn level only (they arrive every few seconds).
 */
import type { FastifyInstance } from 'fastify';
import type { ReadinessProbe, RegistryHealth } from '../health/readiness';

export const PROBE_PATHS = { health: '/healthz', ready: '/readyz' } as const;

export interface HealthRouteOptions {
  readiness: ReadinessProbe;
  registry: RegistryHealth;
  isDraining(): boolean;
}

export function registerHealthRoutes(app: FastifyInstance, options: HealthRouteOptions): void {
  const quiet = { logLevel: 'warn' as const };
  app.get(PROBE_PATHS.health, quiet, async (_request, reply) =>
    reply.header('cache-control', 'no-store').send({ status: 'ok' }),
  );
  app.get(PROBE_PATHS.ready, quiet, async (_request, reply) => {
    reply.header('cache-control', 'no-store');
    if (options.isDraining()) return reply.status(503).send({ status: 'shuttingDown' });
    const report = await options.readiness.report();
    const counts = {
      unopenableCloseCredentials: options.registry.unopenableCredentials(),
      unopenableTokenCacheEntries: options.registry.unopenableTokenCacheEntries(),
    };
    return report.ready
      ? reply.send({ status: 'ready', ...counts })
      : reply.status(503).send({ status: 'notReady', checks: report.checks, ...counts });
  });
}
