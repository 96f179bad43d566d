/**
 * Keeps web pages the developer happens to visit away from the control API. A page on another
 * origin can make the browser send "simple" requests (a GET, or a POST with a form or
 * `text/plain` body, or no body at all) without asking the server first; only their answers
 * are hidden from it. Two rules close that door for every `/_emulator/*` request:
 *
 *  1. a request that carries an `Origin` (browsers send one on every POST and every CORS
 *     request) must come from the web host's origin — the dev host page — or, for the
 *     Office host's routes under `/_emulator/host/`, from the add-in's origin; `Origin: null`
 *     (sandboxed frames, some redirects) is refused too;
 *  2. a POST must say `Content-Type: application/json`, which no simple request can, so a
 *     browser has to preflight it, and the preflight of a control route gets no CORS answer.
 *
 * Clients outside a browser (tests, scripts, the launcher) send no `Origin` and pass rule 1.
 * What the page at `/` and the NAA bridge already send (same-origin fetches with a JSON
 * body, CORS fetches from the add-in's origin) passes both rules.
 * See https://fetch.spec.whatwg.org/#cors-safelisted-request-header for what needs no preflight.
 */
import { type FastifyInstance } from 'fastify';
import { headerValue } from '../common/requestContext';
import { controlErrors } from './controlErrors';

export const CONTROL_PREFIX = '/_emulator/';
export const HOST_API_PREFIX = '/_emulator/host/';

export interface ControlGuardOptions {
  /** The web host's origin, where the dev host page lives (known once it listens); Entra's, Graph's and the CDN's pages may not drive it. */
  ownOrigin: () => string;
  /** The add-in's origin, allowed on the Office host routes only. */
  addinOrigin: string;
}

export function registerControlGuard(app: FastifyInstance, options: ControlGuardOptions): void {
  app.addHook('onRequest', async (request) => {
    const path = request.url.split('?')[0] ?? request.url;
    if (!path.startsWith(CONTROL_PREFIX)) return;
    const origin = headerValue(request, 'origin');
    if (origin !== undefined && !allowedOrigin(origin, path, options)) throw controlErrors.crossOriginRefused(origin);
    if (request.method === 'POST' && !isJson(headerValue(request, 'content-type'))) {
      throw controlErrors.jsonRequired(headerValue(request, 'content-type'));
    }
  });
}

function allowedOrigin(origin: string, path: string, options: ControlGuardOptions): boolean {
  if (origin === options.ownOrigin()) return true;
  return path.startsWith(HOST_API_PREFIX) && origin === options.addinOrigin;
}

/** `application/json`, with or without parameters (`; charset=utf-8`), in any case. */
function isJson(contentType: string | undefined): boolean {
  if (contentType === undefined) return false;
  return (contentType.split(';')[0] ?? '').trim().toLowerCase() === 'application/json';
}
