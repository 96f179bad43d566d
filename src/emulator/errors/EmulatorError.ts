/**
 * The emulator's error model. Every failure a handler wants the client to see is thrown as an
 * `EmulatorError`; the single error handler (errorHandler.ts) writes it. Graph endpoints speak
 * the Graph envelope, the Entra endpoints speak Entra's OAuth error JSON, so there are two
 * subclasses that differ only in how they render their body.
 */
import { type GraphErrorEnvelope, type GraphInnerError } from '../../shared/graph';
import { entraTimestamp, graphDate, newGuid } from '../ids';

/** What the error handler knows about the request when it renders an error. */
export interface ErrorRenderContext {
  requestId: string;
  clientRequestId: string;
  nowMs: number;
}

export abstract class EmulatorError extends Error {
  protected constructor(
    readonly status: number,
    message: string,
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(message);
  }

  abstract render(context: ErrorRenderContext): unknown;
}

/** A Graph error: `{"error":{"code","message","innerError":{code?,date,request-id,client-request-id}}}`. */
export class GraphError extends EmulatorError {
  constructor(
    status: number,
    readonly code: string,
    message: string,
    readonly innerCode?: string,
    headers: Readonly<Record<string, string>> = {},
    /** Extra innerError members some Graph errors carry (throttling adds `message` and `status`). */
    readonly innerExtra: Readonly<Record<string, string>> = {},
  ) {
    super(status, message, headers);
    this.name = 'GraphError';
  }

  render(context: ErrorRenderContext): GraphErrorEnvelope {
    const innerError: GraphInnerError = {};
    if (this.innerCode !== undefined) innerError.code = this.innerCode;
    Object.assign(innerError, this.innerExtra);
    innerError.date = graphDate(context.nowMs);
    innerError['request-id'] = context.requestId;
    innerError['client-request-id'] = context.clientRequestId;
    return { error: { code: this.code, message: this.message, innerError } };
  }
}

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
      error_description: `${prefix}${this.message} Trace ID: ${context.requestId} Correlation ID: ${correlationId} Timestamp: ${entraTimestamp(context.nowMs)}`,
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

/** Entra's correlation id must be a GUID; fall back to a fresh one when the client sent another shape. */
export function correlationIdOf(clientRequestId: string): string {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(clientRequestId) ? clientRequestId : newGuid();
}
