/**
 * HTTP side of the emulated nested app authentication broker (nestedAppAuth.ts), called by the
 * local-mode bridge's `window.nestedAppAuthBridge` from the add-in's page (CORS for the add-in's
 * origin comes from hostRoutes.ts), plus the prompt page Office would show for interactive
 * requests (here a popup window on the emulator's origin).
 *
 *   POST /_emulator/host/naa/token             {clientId, scope, claims?} → BridgeAnswer (silent)
 *   POST /_emulator/host/naa/prompts           {clientId, scope, claims?} → {promptUrl} | {error}
 *   POST /_emulator/host/naa/prompts/:id/result → BridgeAnswer (once)
 *   GET  /_host/naa/prompts/:id                the prompt page
 *   POST /_host/naa/prompts/:id                its form (action=accept|cancel)
 *
 * The page and its form are what Office shows the user, like Entra's sign-in page: they live
 * outside the control API (`/_emulator/`, JSON only) and are reachable only through the
 * prompt's unguessable id.
 */
import { randomBytes } from 'node:crypto';
import { type FastifyInstance } from 'fastify';
import { headerValue, isPlainObject, parseJson, rawBody } from '../common/requestContext';
import { graphErrors } from '../graph/graphErrors';
import { type HostContextStore } from './HostContextStore';
import { type NaaTokenParams, type NestedAppAuthBroker } from './nestedAppAuth';
import { renderPromptDone, renderPromptPage, promptPageCsp } from './naaPromptPage';

const NAA_API = '/_emulator/host/naa';
const PROMPT_PAGE = '/_host/naa/prompts';
const MAX_SCOPE = 2048;
const MAX_CLAIMS = 4096;

export interface NaaRouteDeps {
  broker: NestedAppAuthBroker;
  hostContext: HostContextStore;
  addinOrigin: string;
  /** The emulator's public origin (prompt URLs). */
  baseUrl: () => string;
}

export function registerNaaRoutes(app: FastifyInstance, deps: NaaRouteDeps): void {
  const host = (): { userOid: string; behaviour: ReturnType<HostContextStore['get']>['nestedAppAuthBehaviour'] } => {
    const context = deps.hostContext.get();
    return { userOid: context.userOid, behaviour: context.nestedAppAuthBehaviour };
  };

  app.post(`${NAA_API}/token`, async (request, reply) => {
    const answer = await deps.broker.silent(readTokenParams(rawBody(request)), headerValue(request, 'origin'), host());
    return reply.header('cache-control', 'no-store').send(answer);
  });

  app.post(`${NAA_API}/prompts`, async (request, reply) => {
    const started = deps.broker.startPrompt(readTokenParams(rawBody(request)), headerValue(request, 'origin'), host());
    const body =
      'error' in started
        ? { error: started.error }
        : { promptId: started.promptId, promptUrl: `${deps.baseUrl()}${PROMPT_PAGE}/${started.promptId}` };
    return reply.header('cache-control', 'no-store').send(body);
  });

  app.get<{ Params: { id: string } }>(`${PROMPT_PAGE}/:id`, async (request, reply) => {
    const prompt = deps.broker.describePrompt(request.params.id);
    if (prompt === undefined) throw graphErrors.invalidBody('The sign-in prompt does not exist or has expired.');
    const nonce = randomBytes(16).toString('base64');
    return reply
      .type('text/html; charset=utf-8')
      .header('cache-control', 'no-store')
      .header('content-security-policy', promptPageCsp(nonce))
      .send(renderPromptPage({ ...prompt, nonce }));
  });

  app.post<{ Params: { id: string } }>(`${PROMPT_PAGE}/:id`, async (request, reply) => {
    const action = new URLSearchParams(rawBody(request)).get('action');
    if (action !== 'accept' && action !== 'cancel')
      throw graphErrors.invalidBody("'action' must be 'accept' or 'cancel'.");
    if (!deps.broker.decide(request.params.id, action === 'accept'))
      throw graphErrors.invalidBody('The sign-in prompt does not exist, has expired or was answered already.');
    const nonce = randomBytes(16).toString('base64');
    return reply
      .type('text/html; charset=utf-8')
      .header('cache-control', 'no-store')
      .header('content-security-policy', promptPageCsp(nonce))
      .send(renderPromptDone({ promptId: request.params.id, targetOrigin: deps.addinOrigin, nonce }));
  });

  app.post<{ Params: { id: string } }>(`${NAA_API}/prompts/:id/result`, async (request, reply) =>
    reply.header('cache-control', 'no-store').send(await deps.broker.finishPrompt(request.params.id)),
  );
}

function readTokenParams(text: string): NaaTokenParams {
  const parsed = parseJson(text);
  if (!parsed.ok || !isPlainObject(parsed.value))
    throw graphErrors.invalidBody('The request body is not a JSON object.');
  const { clientId, scope, claims } = parsed.value;
  if (typeof clientId !== 'string' || clientId.length === 0 || clientId.length > 64)
    throw graphErrors.invalidBody("'clientId' must be the app's client id.");
  if (typeof scope !== 'string' || scope.trim() === '' || scope.length > MAX_SCOPE)
    throw graphErrors.invalidBody(`'scope' must be a space-separated list of at most ${MAX_SCOPE} characters.`);
  if (claims !== undefined && (typeof claims !== 'string' || claims.length > MAX_CLAIMS))
    throw graphErrors.invalidBody(`'claims' must be a string of at most ${MAX_CLAIMS} characters.`);
  // MSAL.js sends "{}" when it has no claims to ask for: that is no challenge.
  return { clientId, scope, ...(claims === undefined || isEmptyClaims(claims) ? {} : { claims }) };
}

function isEmptyClaims(claims: string): boolean {
  if (claims.trim() === '') return true;
  const parsed = parseJson(claims);
  return parsed.ok && isPlainObject(parsed.value) && Object.keys(parsed.value).length === 0;
}
