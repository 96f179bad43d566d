/** The OAuth error JSON the Entra endpoints answer with. */
import { EmulatorError, type ErrorRenderContext } from '../common/EmulatorError';
import { entraTimestamp, newGuid } from '../common/ids';
import { isGuid } from '../../shared/guid';

/** The JSON body Entra's v2 token endpoint answers errors with. */
export interface EntraErrorBody {
  error: string;
  error_description: string;
  error_codes: number[];
  timestamp: string;
  trace_id: string;
  correlation_id: string;
  error_uri?: string;
  suberror?: string;
  claims?: string;
}

/** Where Entra points `error_uri` (a help page per AADSTS code); a fixed string, never fetched. */
export const ENTRA_ERROR_URI = 'https://login.microsoftonline.com/error?code=';

/** An Entra OAuth error. `aadsts` is the AADSTS number; 0 means the emulator's own (no AADSTS code). */
export class EntraError extends EmulatorError {
  constructor(
    status: number,
    readonly error: string,
    readonly aadsts: number,
    description: string,
    readonly extra: { suberror?: string; claims?: string; headers?: Readonly<Record<string, string>> } = {},
  ) {
    super(status, description, extra.headers);
    this.name = 'EntraError';
  }

  render(context: ErrorRenderContext): EntraErrorBody {
    const prefix = this.aadsts > 0 ? `AADSTS${this.aadsts}: ` : '';
    const correlationId = correlationIdOf(context.clientRequestId);
    const body: EntraErrorBody = {
      error: this.error,
      error_description: `${prefix}${this.message}${traceLines(context.requestId, correlationId, context.nowMs)}`,
      error_codes: this.aadsts > 0 ? [this.aadsts] : [],
      timestamp: entraTimestamp(context.nowMs),
      trace_id: context.requestId,
      correlation_id: correlationId,
    };
    if (this.aadsts > 0) body.error_uri = `${ENTRA_ERROR_URI}${this.aadsts}`;
    if (this.extra.suberror !== undefined) body.suberror = this.extra.suberror;
    if (this.extra.claims !== undefined) body.claims = this.extra.claims;
    return body;
  }
}

/**
 * What Entra appends to every `error_description`, each on a line of its own (CRLF), as in the
 * error responses of https://learn.microsoft.com/en-us/entra/identity-platform/v2-oauth2-auth-code-flow.
 */
export function traceLines(traceId: string, correlationId: string, nowMs: number): string {
  return `\r\nTrace ID: ${traceId}\r\nCorrelation ID: ${correlationId}\r\nTimestamp: ${entraTimestamp(nowMs)}`;
}

/** Entra's correlation id must be a GUID; fall back to a fresh one when the client sent another shape. */
function correlationIdOf(clientRequestId: string): string {
  return isGuid(clientRequestId) ? clientRequestId : newGuid();
}
