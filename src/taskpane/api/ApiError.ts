/** The API client's one error type: a code from the wire contract, or one the client adds. */
import { type ApiErrorCode } from '../../shared/errors';

/**
 * Codes the client adds to the contract's:
 * - `networkError`: no HTTP answer at all (offline, DNS, TLS, CORS, aborted).
 * - `invalidResponse`: an answer the contract does not allow (bad JSON, wrong shape, or an error
 *   status without our envelope, e.g. from a proxy).
 */
export type ApiClientErrorCode = ApiErrorCode | 'networkError' | 'invalidResponse';

export interface ApiErrorDetails {
  /** HTTP status, when there was an answer. */
  status?: number;
  requestId?: string;
  retryAfterSeconds?: number;
  claims?: string;
}

export class ApiError extends Error {
  override readonly name = 'ApiError';
  readonly status: number | undefined;
  readonly requestId: string | undefined;
  readonly retryAfterSeconds: number | undefined;
  readonly claims: string | undefined;

  constructor(
    readonly code: ApiClientErrorCode,
    message: string,
    details: ApiErrorDetails = {},
  ) {
    super(message);
    this.status = details.status;
    this.requestId = details.requestId;
    this.retryAfterSeconds = details.retryAfterSeconds;
    this.claims = details.claims;
  }
}
