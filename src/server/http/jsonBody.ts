/**
 * Body parsing: JSON only. Every other content type is refused by fastify with
 * FST_ERR_CTP_INVALID_MEDIA_TYPE (→ 415 unsupportedMediaType). An empty JSON body is accepted
 * as "no body" because clients commonly send `Content-Type: application/json` on body-less
 * POSTs such as refresh; routes that need a body still reject it through their schema.
 */
import type { FastifyInstance } from 'fastify';

export function installJsonParser(app: FastifyInstance): void {
  // Keep fastify's prototype-poisoning protection: reuse its parser for non-empty bodies.
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    const text = typeof body === 'string' ? body : body.toString('utf8');
    if (text.trim() === '') {
      done(null, undefined);
      return;
    }
    parseJson(request, text, done);
  });
}
