/**
 * Header hygiene for every request, before routing.
 *
 * Node's parser already refuses CR, LF and NUL inside header values (see errors/clientErrors.ts);
 * this also refuses the other control characters, so no header value we might log or pass on
 * can carry one. And it refuses a repeated Authorization header: Node keeps only the first copy,
 * so "which token did the server check?" would otherwise depend on a parser detail.
 */
import type { FastifyRequest } from 'fastify';
import { createAppError } from '../errors/AppError';

// Control characters other than horizontal tab, and DEL.
// eslint-disable-next-line no-control-regex
const CONTROL_CHARACTER = /[\u0000-\u0008\u000a-\u001f\u007f]/;

/** Headers that must appear at most once. */
const SINGLE_HEADERS = new Set(['authorization', 'content-type', 'content-length', 'host']);

export function checkRequestHeaders(request: FastifyRequest): void {
  const raw = request.raw.rawHeaders;
  const seen = new Set<string>();
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = (raw[i] ?? '').toLowerCase();
    const value = raw[i + 1] ?? '';
    if (CONTROL_CHARACTER.test(value)) {
      throw createAppError('invalidRequest', {
        message: `The ${name} header contains a control character.`,
        target: `/headers/${name}`,
      });
    }
    if (SINGLE_HEADERS.has(name)) {
      if (seen.has(name))
        throw createAppError('invalidRequest', {
          message: `The ${name} header may appear only once.`,
          target: `/headers/${name}`,
        });
      seen.add(name);
    }
  }
}
