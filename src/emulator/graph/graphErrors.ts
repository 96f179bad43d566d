/**
 * One function per Graph error the emulator can answer with (Azurite's StorageErrorFactory
 * pattern). Top-level codes follow the Graph/Excel docs (https://learn.microsoft.com/en-us/graph/workbook-error-codes); where the docs leave
 * the pairing open, the choice is written in DEVIATIONS.md.
 */
import { GraphError } from './GraphError';
import { GRAPH_FAILURES, type GraphFailure } from './graphFailures';

/** Graph's challenge header on 401s, pointing at the emulator's own authority. */
function bearerChallenge(authorizationUri: string): Record<string, string> {
  return {
    'www-authenticate': `Bearer realm="", authorization_uri="${authorizationUri}", client_id="00000003-0000-0000-c000-000000000000"`,
  };
}

/**
 * Continuous access evaluation: the token was issued before a critical event (its user's
 * sessions were revoked, say), so Graph asks for a token issued after it: `claims` is the base64
 * of the claims request, as in https://learn.microsoft.com/en-us/entra/identity-platform/claims-challenge.
 */
export const CAE_REVOCATION_DESCRIPTION =
  'Continuous access evaluation resulted in challenge with result: InteractionRequired and code: TokenIssuedBeforeRevocationTimestamp';

export function revocationClaims(revokedAtSeconds: number): string {
  return JSON.stringify({ access_token: { nbf: { essential: true, value: String(revokedAtSeconds) } } });
}

function claimsChallengeHeader(authorizationUri: string, revokedAtSeconds: number): Record<string, string> {
  const claims = Buffer.from(revocationClaims(revokedAtSeconds), 'utf8').toString('base64');
  return {
    'www-authenticate': `Bearer realm="", authorization_uri="${authorizationUri}", client_id="00000003-0000-0000-c000-000000000000", errorDescription="${CAE_REVOCATION_DESCRIPTION}", error="insufficient_claims", claims="${claims}"`,
  };
}

/** `Retry-After` in seconds as given; fractions stay fractions (https://learn.microsoft.com/en-us/graph/throttling shows `2.128`). */
function retryAfterHeader(seconds: number | undefined): Record<string, string> {
  return seconds === undefined ? {} : { 'retry-after': String(seconds) };
}

export const graphErrors = {
  /** No bearer token at all. */
  missingToken(authorizationUri: string): GraphError {
    return new GraphError(
      401,
      'InvalidAuthenticationToken',
      'Access token is empty.',
      undefined,
      bearerChallenge(authorizationUri),
    );
  },
  /** Bearer token that is malformed, badly signed or for another audience. */
  invalidToken(authorizationUri: string): GraphError {
    return new GraphError(
      401,
      'InvalidAuthenticationToken',
      'Access token validation failure. Invalid audience or signature.',
      undefined,
      bearerChallenge(authorizationUri),
    );
  },
  /** Bearer token past its `exp` (or before its `nbf`). */
  expiredToken(authorizationUri: string): GraphError {
    return new GraphError(
      401,
      'InvalidAuthenticationToken',
      'Lifetime validation failed, the token is expired.',
      undefined,
      bearerChallenge(authorizationUri),
    );
  },
  /** A token issued before a revocation (continuous access evaluation): 401 with a claims challenge. */
  insufficientClaims(authorizationUri: string, revokedAtSeconds: number): GraphError {
    return new GraphError(
      401,
      'InvalidAuthenticationToken',
      CAE_REVOCATION_DESCRIPTION,
      undefined,
      claimsChallengeHeader(authorizationUri, revokedAtSeconds),
    );
  },
  /** The token is valid but lacks a scope this operation needs. */
  insufficientScope(): GraphError {
    return new GraphError(
      403,
      'accessDenied',
      'Insufficient privileges to complete the operation.',
      'forbiddenUncategorized',
    );
  },
  /** A request body that is not the JSON object the action takes. */
  invalidBody(detail: string): GraphError {
    return new GraphError(400, 'invalidRequest', detail, 'invalidArgument');
  },
  /** refreshSession/closeSession without the `workbook-session-id` header. */
  missingSessionHeader(): GraphError {
    return new GraphError(
      400,
      'invalidRequest',
      'The workbook-session-id header is required for this request.',
      'invalidArgument',
    );
  },
  /** Unknown, closed or expired session, or one of another user or workbook. */
  sessionNotFound(): GraphError {
    return new GraphError(
      404,
      'notFound',
      'The target session is invalid or has expired. Create a new session and retry.',
      'invalidSessionReCreatable',
    );
  },
  /** A driveItem that does not exist, or that the caller cannot see (Graph does not tell them apart). */
  itemNotFound(): GraphError {
    return new GraphError(404, 'itemNotFound', 'The resource could not be found.');
  },
  /** A `/shares/{id}` whose id is not a well-formed `u!` encoding. */
  invalidShareId(): GraphError {
    return new GraphError(
      400,
      'invalidRequest',
      'The sharing token is not valid. Encode the URL as u!<unpadded base64url>.',
    );
  },
  /** Anything under /v1.0 the emulator does not implement. */
  notImplemented(method: string, path: string): GraphError {
    return new GraphError(
      501,
      'notImplemented',
      `The local emulator does not implement ${method} ${path}.`,
      'notImplementedUncategorized',
    );
  },
  /** A known resource called with a method it does not take. */
  methodNotAllowed(method: string): GraphError {
    return new GraphError(
      405,
      'methodNotAllowed',
      `The HTTP method '${method}' isn't allowed on this resource.`,
      'methodNotAllowedUncategorized',
    );
  },
  /** Non-Graph emulator paths that do not exist. */
  routeNotFound(method: string, path: string): GraphError {
    return new GraphError(404, 'routeNotFound', `No route ${method} ${path} on the local emulator.`);
  },
  payloadTooLarge(): GraphError {
    return new GraphError(
      413,
      'payloadTooLarge',
      'The request body is larger than the emulator accepts.',
      'payloadTooLargeUncategorized',
    );
  },
  unsupportedMediaType(contentType: string): GraphError {
    return new GraphError(
      415,
      'unsupportedMediaType',
      `Content-Type '${contentType}' is not supported here; send application/json.`,
    );
  },
  /** The built Office host bundle is missing (the developer has not run webpack). */
  officeHostNotBuilt(path: string): GraphError {
    return new GraphError(
      503,
      'officeHostNotBuilt',
      `The Office host bundle is not built (${path}). Run: npx webpack --mode production --config-name emulator-host`,
    );
  },
  /** Throttled (https://learn.microsoft.com/en-us/graph/throttling): the sample's codes, inner `message`/`status`, and a Retry-After header. */
  throttled(retryAfterSeconds: number): GraphError {
    return new GraphError(
      429,
      'TooManyRequests',
      'Please retry again later.',
      '429',
      retryAfterHeader(retryAfterSeconds),
      { message: 'Please retry after', status: '429' },
    );
  },
  serviceUnavailable(retryAfterSeconds?: number): GraphError {
    return new GraphError(
      503,
      'serviceUnavailable',
      'The service is temporarily unavailable. Try your request again.',
      'serviceUnavailableUncategorized',
      retryAfterHeader(retryAfterSeconds),
    );
  },
  gatewayTimeout(retryAfterSeconds?: number): GraphError {
    return new GraphError(
      504,
      'gatewayTimeout',
      'The server did not receive a timely response from the upstream server.',
      'gatewayTimeoutUncategorized',
      retryAfterHeader(retryAfterSeconds),
    );
  },
  /** A `$batch` body that is not a valid batch: the whole batch fails. */
  invalidBatch(detail: string): GraphError {
    return new GraphError(400, 'BadRequest', detail, 'invalidRequest');
  },
  /** A batch item whose `dependsOn` request failed (https://learn.microsoft.com/en-us/graph/json-batching). */
  failedDependency(): GraphError {
    return new GraphError(424, 'failedDependency', 'The request this request depends on failed.', 'failedDependency');
  },
  /** A Graph resource the emulator knows but cannot serve inside `$batch`. */
  notInBatch(method: string, path: string): GraphError {
    return new GraphError(
      501,
      'notImplemented',
      `The local emulator does not serve ${method} ${path} inside $batch.`,
      'notImplementedUncategorized',
    );
  },
  /** A request path that cannot be percent-decoded. */
  malformedPath(): GraphError {
    return new GraphError(
      400,
      'invalidRequest',
      'The request URL is not well-formed (bad percent-encoding).',
      'invalidArgument',
    );
  },
  /** A path segment longer than the emulator's router accepts (e.g. a `/shares/u!…` id of a huge URL). */
  urlTooLong(): GraphError {
    return new GraphError(400, 'invalidRequest', 'A segment of the request URL is too long.', 'invalidArgument');
  },
  /** Control API: an item id no tenant has. */
  workbookNotFound(itemId: string): GraphError {
    return new GraphError(404, 'workbookNotFound', `No workbook with item id '${itemId}' in the emulator.`);
  },
  /** Control API: a user oid the tenant does not have. */
  userNotFound(oid: string): GraphError {
    return new GraphError(404, 'userNotFound', `No user with oid '${oid}' in this tenant.`);
  },
  /** A failure a `graphError` fault rule asked for, exactly as given. */
  injected(failure: GraphFailure, retryAfterSeconds?: number): GraphError {
    return fromFailure(failure, retryAfterHeader(retryAfterSeconds));
  },
  /** A workbook call on a file the caller may not open. */
  fileOpenUnauthorized(): GraphError {
    return fromFailure(GRAPH_FAILURES.fileOpenUserUnauthorized);
  },
  /** A driveItem of the caller's tenant that is not shared with them. */
  itemAccessDenied(): GraphError {
    return new GraphError(
      403,
      'accessDenied',
      'Access denied. You do not have permission to perform this action or access this resource.',
    );
  },
  /** `/shares` for a URL the caller may not see. */
  sharingLinkDenied(): GraphError {
    return fromFailure(GRAPH_FAILURES.sharingLinkDenied);
  },
  internal(): GraphError {
    return new GraphError(
      500,
      'internalServerError',
      'An internal error occurred in the local emulator.',
      'generalException',
    );
  },
} as const;

function fromFailure(failure: GraphFailure, headers: Record<string, string> = {}): GraphError {
  return new GraphError(failure.status, failure.code, failure.message, failure.innerError ?? [], headers);
}
