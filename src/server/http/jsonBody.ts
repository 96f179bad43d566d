/**
 * Body parsing: JSON only. Every other content type is refused by fastify with
 * FST_ERR_CTP_INVALID_MEDIA_TYPE (→ 415 unsupportedMediaType). An empty JSON body is accepted
 * as "no body" because clients commonly send `Content-Type: application/json` on body-less
 * POSTs such as refresh; routes that need a body still reject it through their schema. A body
 * without any Content-Type is refused (415), not guessed.
 */
import type { FastifyInstance } from 'fastify';
import { createAppError } from '../errors/AppError';

/** `application/json` with optional parameters (charset); nothing else, however similar. */
const JSON_MEDIA_TYPE = /^application\/json\s*(;|$)/i;

export function installJsonParser(app: FastifyInstance): void {
  // Keep fastify's prototype-poisoning protection: reuse its parser for non-empty bodies.
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    // fastify hands a body WITHOUT a Content-Type to the closest parser; that is not JSON to us.
    if (!JSON_MEDIA_TYPE.test(request.headers['content-type'] ?? '')) {
      done(createAppError('unsupportedMediaType'), undefined);
      return;
    }
    const text = typeof body === 'string' ? body : body.toString('utf8');
    if (text.trim() === '') {
      done(null, undefined);
      return;
    }
    parseJson(request, text, done);
  });
}
