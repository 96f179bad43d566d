/**
 * The interactive sign-in of the emulated tenant, enough for MSAL's authorization code + PKCE
 * flow (the add-in's fallback when Office SSO is not available):
 *
 *   GET  /{tenant}/oauth2/v2.0/authorize   → the sign-in page (or an error);
 *   POST /{tenant}/oauth2/v2.0/authorize   ← the page's form → 302 to the redirect URI with
 *                                            `code` and `state` (or `error`);
 *   the token endpoint's authorization_code grant → `redeem` (authorizeCodeGrant.ts).
 *
 * The task pane's MSAL redeems the code from the browser, cross-origin, so the token endpoint
 * answers CORS for the add-in's origin (as Entra does for a single-page-app redirect URI).
 */
import { type UserRecord } from '../directory/seed';
import { resolveAuthority } from './authority';
import { randomBytes } from 'node:crypto';
import { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { entraErrors } from './entraErrors';
import { headerValue, rawBody } from '../common/requestContext';
import { type DirectoryStore } from '../directory/DirectoryStore';
import { type EntraSwitchStore } from './EntraSwitchStore';
import { AuthorizationCodeStore } from './authorizeCodes';
import { authorizeErrorAnswer, authorizeProblems, type AuthorizeProblem, type AuthorizeTrace } from './authorizeErrors';
import { redeemAuthorizationCode, type CodeGrantSuccess } from './authorizeCodeGrant';
import { renderSignInPage, signInPageCsp } from './authorizePage';
import {
  type AuthorizeClient,
  type AuthorizeRequest,
  readAuthorizeRequest,
  RedirectableError,
  redirectWith,
  resolveScopes,
} from './authorizeRequest';
import { isGuid } from '../../shared/guid';
import { newGuid } from '../common/ids';
import { type Issuer } from './Issuer';

export interface AuthorizeFlowDeps {
  issuer: Issuer;
  directory: DirectoryStore;
  client: AuthorizeClient & { clientSecret: string };
  now: () => number;
  /** Per-user consent state (and the other Entra switches). */
  switches: EntraSwitchStore;
  /** Shown on the sign-in page. */
  appName?: string;
}

export interface AuthorizeFlow {
  register(app: FastifyInstance): void;
  /** The authorization_code grant, for the token endpoint. */
  redeem(form: URLSearchParams, authorizationHeader: string | undefined): Promise<CodeGrantSuccess>;
  /** Forgets every code (the emulator's reset). */
  reset(): void;
}

interface TenantParams {
  tenant: string;
}

const AUTHORIZE_PATH = '/:tenant/oauth2/v2.0/authorize';
const TOKEN_PATH = /^\/[^/?]+\/oauth2\/v2\.0\/token(\?|$)/;

export function createAuthorizeFlow(deps: AuthorizeFlowDeps): AuthorizeFlow {
  const codes = new AuthorizationCodeStore(deps.now);
  const appName = deps.appName ?? 'Workbook Sessions (local)';

  /** The authority's users: one tenant's, or every tenant's for `organizations`/`common`. */
  function requireTenant(tenant: string): (user: UserRecord) => boolean {
    const authority = resolveAuthority(tenant, (id) => deps.issuer.isKnownTenant(id));
    if (authority === undefined) throw entraErrors.tenantNotFound(tenant);
    return (user) => authority.kind === 'multi' || user.tenantId.toLowerCase() === authority.tenantId;
  }

  /** Entra's trace of this answer; MSAL.js sends its correlation id as `client-request-id`. */
  function traceOf(request: FastifyRequest, params: URLSearchParams): AuthorizeTrace {
    const clientRequestId = params.get('client-request-id');
    return {
      traceId: request.id,
      correlationId: clientRequestId !== null && isGuid(clientRequestId) ? clientRequestId : newGuid(),
      nowMs: deps.now(),
    };
  }

  function redirectProblem(
    reply: FastifyReply,
    target: Pick<AuthorizeRequest, 'redirectUri' | 'responseMode' | 'state'>,
    problem: AuthorizeProblem,
    trace: AuthorizeTrace,
  ): FastifyReply {
    return redirect(reply, redirectWith(target, authorizeErrorAnswer(problem, trace)));
  }

  /** Sends a redirectable problem to the client; anything else goes to the error handler. */
  function answerProblem(reply: FastifyReply, error: unknown, trace: AuthorizeTrace): FastifyReply {
    if (error instanceof RedirectableError && error.target !== undefined) {
      return redirectProblem(
        reply,
        error.target,
        { error: error.error, aadsts: error.aadsts, text: error.text },
        trace,
      );
    }
    throw error;
  }

  function showSignIn(
    request: FastifyRequest<{ Params: TenantParams }>,
    reply: FastifyReply,
    params: URLSearchParams,
  ): FastifyReply {
    const inAuthority = requireTenant(request.params.tenant);
    try {
      const authorize = readAuthorizeRequest(params, deps.client);
      // The emulator keeps no sign-in session, so it can never answer without showing the page.
      if (authorize.prompt === 'none')
        return redirectProblem(reply, authorize, authorizeProblems.loginRequired, traceOf(request, params));
      const nonce = randomBytes(16).toString('base64');
      return reply
        .type('text/html; charset=utf-8')
        .header('content-security-policy', signInPageCsp(nonce, authorize.redirectUri))
        .header('cache-control', 'no-store')
        .send(
          renderSignInPage({
            request: authorize,
            params,
            users: deps.directory.users().filter(inAuthority),
            appName,
            nonce,
            claimsChallenge: asksForAccessTokenClaims(authorize.claims),
          }),
        );
    } catch (error: unknown) {
      return answerProblem(reply, error, traceOf(request, params));
    }
  }

  return {
    register(app) {
      app.addHook('onRequest', async (request, reply) => {
        if (!TOKEN_PATH.test(request.url) || headerValue(request, 'origin') !== deps.client.addinOrigin) return;
        reply.header('access-control-allow-origin', deps.client.addinOrigin);
        reply.header('access-control-expose-headers', 'request-id, client-request-id');
        reply.header('vary', 'Origin');
      });
      app.options<{ Params: TenantParams }>('/:tenant/oauth2/v2.0/token', async (request, reply) => {
        if (headerValue(request, 'origin') === deps.client.addinOrigin) {
          reply.header('access-control-allow-methods', 'POST');
          reply.header(
            'access-control-allow-headers',
            'content-type, client-request-id, x-client-sku, x-client-ver, x-client-os, x-client-cpu, x-ms-lib-capability, x-client-current-telemetry, x-client-last-telemetry',
          );
          reply.header('access-control-max-age', '600');
        }
        return reply.status(204).send();
      });

      app.get<{ Params: TenantParams }>(AUTHORIZE_PATH, async (request, reply) => {
        const query = request.url.includes('?') ? request.url.slice(request.url.indexOf('?') + 1) : '';
        return showSignIn(request, reply, new URLSearchParams(query));
      });

      app.post<{ Params: TenantParams }>(AUTHORIZE_PATH, async (request, reply) => {
        const inAuthority = requireTenant(request.params.tenant);
        const contentType = headerValue(request, 'content-type') ?? '';
        if (!contentType.toLowerCase().startsWith('application/x-www-form-urlencoded')) {
          throw entraErrors.invalidParameter(
            'Content-Type',
            "the sign-in form posts 'application/x-www-form-urlencoded'.",
          );
        }
        const form = new URLSearchParams(rawBody(request));
        try {
          const authorize = readAuthorizeRequest(form, deps.client);
          const action = form.get('action');
          if (action === 'cancel')
            return redirectProblem(reply, authorize, authorizeProblems.userDeclined, traceOf(request, form));
          if (action !== 'signIn') throw entraErrors.invalidParameter('action', "it must be 'signIn' or 'cancel'.");
          const userOid = form.get('user') ?? '';
          const user = deps.directory.findUser(userOid);
          if (user === undefined || !inAuthority(user))
            throw entraErrors.invalidParameter('user', 'pick one of the demo users.');
          // Graph permissions on the request (MSAL's extraScopesToConsent, or a Graph-only
          // request) are what the page asks the user to consent to.
          const resolved = resolveScopes(authorize.scope, deps.client);
          const asksGraphConsent = resolved.resource === 'graph' || resolved.consentTo.length > 0;
          if (asksGraphConsent && deps.switches.behaviourOf(user.oid) === 'adminConsentRequired') {
            return redirectProblem(reply, authorize, authorizeProblems.adminConsentRequired, traceOf(request, form));
          }
          if (asksGraphConsent) deps.switches.grantConsent(user.oid);
          // A claims challenge on the request: signing in here stands in for the MFA prompt, which
          // Entra remembers for the user (its sign-in session), as after Office's authChallenge.
          if (asksForAccessTokenClaims(authorize.claims)) deps.switches.recordMfa(user.oid);
          const code = codes.issue({
            clientId: authorize.clientId,
            redirectUri: authorize.redirectUri,
            codeChallenge: authorize.codeChallenge,
            scope: authorize.scope,
            nonce: authorize.nonce,
            userOid: user.oid,
          });
          const answer: Record<string, string> = { code };
          if (form.get('client_info') === '1')
            answer.client_info = Buffer.from(JSON.stringify({ uid: user.oid, utid: user.tenantId })).toString(
              'base64url',
            );
          return redirect(reply, redirectWith(authorize, answer));
        } catch (error: unknown) {
          return answerProblem(reply, error, traceOf(request, form));
        }
      });
    },
    redeem: (form, authorizationHeader) =>
      redeemAuthorizationCode(form, authorizationHeader, {
        issuer: deps.issuer,
        codes,
        findUser: (oid) => deps.directory.findUser(oid),
        client: deps.client,
      }),
    reset: () => codes.reset(),
  };
}

/**
 * A claims challenge for the access token (MFA, conditional access: `{"access_token":{…}}`).
 * MSAL.js also sends `claims` with `id_token` hints on every request; those are no challenge.
 */
export function asksForAccessTokenClaims(claims: string | undefined): boolean {
  if (claims === undefined) return false;
  try {
    const parsed: unknown = JSON.parse(claims);
    return typeof parsed === 'object' && parsed !== null && 'access_token' in parsed;
  } catch {
    return false;
  }
}

function redirect(reply: FastifyReply, location: string): FastifyReply {
  return reply.header('cache-control', 'no-store').redirect(location, 302);
}
