/**
 * Input rules every /api route gets without having to remember them:
 * - no query parameters (no API route takes one): a querystring schema that allows nothing,
 *   added to each route when it is registered, so the answer is the usual validation 400;
 * - no body where the route declares no body schema (GET, DELETE, refresh): a body there is a
 *   client mistake or an attempt to smuggle input, never silently ignored;
 * - `Cache-Control: no-store` on every answer: they are per-user and change all the time.
 * Install on the API scope before its routes are registered.
 */
import type { FastifyInstance } from 'fastify';
import { createAppError } from '../errors/AppError';

export const NO_QUERY_SCHEMA = { type: 'object', additionalProperties: false, properties: {} } as const;

export function installApiInputRules(api: FastifyInstance): void {
  api.addHook('onRoute', (route) => {
    const schema = route.schema ?? {};
    route.schema = { ...schema, querystring: schema.querystring ?? NO_QUERY_SCHEMA };
  });
  api.addHook('onRequest', async (_request, reply) => {
    reply.header('cache-control', 'no-store');
  });
  api.addHook('preValidation', async (request) => {
    if (request.body !== undefined && request.routeOptions.schema?.body === undefined) {
      throw createAppError('invalidRequest', { message: 'This route takes no request body.', target: '/body' });
    }
  });
}
