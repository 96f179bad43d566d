/**
 * Maps msal-node errors from the on-behalf-of exchange to our typed errors, by code only:
 * msal's `errorCode` (the OAuth `error`), `subError`, and `errorNo` (the first AADSTS number of
 * Entra's `error_codes`). Message text is never inspected.
 */
import { AuthError, InteractionRequiredAuthError, ServerError } from '@azure/msal-node';
import { AppError, createAppError } from '../errors/AppError';

/** AADSTS numbers we act on (Entra error-code reference). */
export const AADSTS = {
  assertionExpired: '500133',
  mfaRequired: '50076',
  mfaEnrollmentRequired: '50079',
  consentMissing: '65001',
  invalidScope: '70011',
  invalidClientSecret: '7000215',
} as const;

const MISCONFIGURED_OAUTH_ERRORS = new Set([
  'invalid_client',
  'invalid_scope',
  'unauthorized_client',
  'unsupported_grant_type',
]);
const MISCONFIGURED_AADSTS = new Set<string>([AADSTS.invalidScope, AADSTS.invalidClientSecret]);
// msal's own code for "the network module threw" (ClientAuthErrorCodes.networkError).
const MSAL_NETWORK_ERROR = 'network_error';

export interface OboFailureLog {
  /** For the server log only: what the administrator needs to fix a misconfiguration. */
  adminDetail?: string;
}

export interface ClassifiedOboError {
  error: AppError;
  log: OboFailureLog;
}

function errorNumber(error: AuthError): string | undefined {
  const raw: unknown = (error as { errorNo?: unknown }).errorNo;
  if (typeof raw === 'string' && raw !== '') return raw;
  if (typeof raw === 'number' && Number.isFinite(raw)) return String(raw);
  return undefined;
}

export function classifyOboError(error: unknown): ClassifiedOboError {
  if (error instanceof AppError) return { error, log: {} };
  if (!(error instanceof AuthError)) return { error: createAppError('upstreamError', { cause: error }), log: {} };

  const number = errorNumber(error);
  const code = error.errorCode;
  const claims = error instanceof InteractionRequiredAuthError && error.claims !== '' ? error.claims : undefined;

  if (number === AADSTS.assertionExpired) return { error: createAppError('tokenExpired', { cause: error }), log: {} };
  if (number === AADSTS.mfaRequired || number === AADSTS.mfaEnrollmentRequired || claims !== undefined) {
    return { error: createAppError('claimsChallenge', { claims, cause: error }), log: {} };
  }
  if (number === AADSTS.consentMissing || code === 'consent_required')
    return { error: createAppError('consentRequired', { cause: error }), log: {} };
  if ((number !== undefined && MISCONFIGURED_AADSTS.has(number)) || MISCONFIGURED_OAUTH_ERRORS.has(code)) {
    return {
      error: createAppError('serverMisconfigured', { cause: error }),
      log: {
        adminDetail: `Entra ID rejected the on-behalf-of request: error=${code}${number === undefined ? '' : ` AADSTS${number}`}. Check CLIENT_ID, the credential (CLIENT_SECRET or CLIENT_CERTIFICATE_FILE) and GRAPH_SCOPES against the app registration.`,
      },
    };
  }
  if (code === MSAL_NETWORK_ERROR || code === 'temporarily_unavailable')
    return { error: createAppError('upstreamUnavailable', { cause: error }), log: {} };
  if (error instanceof ServerError && typeof error.status === 'number' && error.status >= 500) {
    return { error: createAppError('upstreamUnavailable', { cause: error }), log: {} };
  }
  // Other grant failures mean Entra did not accept the user's token: the client gets a fresh one.
  if (code === 'invalid_grant')
    return {
      error: createAppError('invalidToken', { message: 'Microsoft Entra ID did not accept the token.', cause: error }),
      log: {},
    };
  return { error: createAppError('upstreamError', { cause: error }), log: {} };
}
