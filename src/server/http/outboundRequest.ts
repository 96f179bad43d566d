/**
 * A small wrapper over undici's `request` shared by the JWKS fetcher, the msal network client
 * and the Graph client: it reads the whole (bounded) body as text and normalises headers, and
 * turns every transport failure (DNS, refused, TLS, timeout) into one error type so callers can
 * tell "no answer" (→ upstreamUnavailable) from "an answer we cannot use".
 */
import { request, type Dispatcher } from 'undici';

/** Upstream answers larger than this are not ours to read (tokens, JWKS and Graph errors are small). */
export const MAX_UPSTREAM_BODY_BYTES = 1024 * 1024;

export interface OutboundRequest {
  method: 'GET' | 'POST';
  url: string;
  headers?: Record<string, string>;
  body?: string;
}

export interface OutboundResponse {
  status: number;
  /** Lower-case header names; repeated headers joined with ", ". */
  headers: Record<string, string>;
  text: string;
}

/** No usable HTTP answer arrived (connection, TLS, timeout, oversized body). */
export class OutboundNetworkError extends Error {
  constructor(
    readonly url: string,
    readonly causeCode: string | undefined,
    options?: { cause?: unknown },
  ) {
    super(`No answer from ${new URL(url).origin} (${causeCode ?? 'network error'})`, options);
    this.name = 'OutboundNetworkError';
  }
}

export async function sendOutbound(dispatcher: Dispatcher, req: OutboundRequest): Promise<OutboundResponse> {
  try {
    const response = await request(req.url, {
      method: req.method,
      headers: req.headers,
      body: req.body,
      dispatcher,
    });
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of response.body) {
      const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as Uint8Array);
      size += buffer.length;
      if (size > MAX_UPSTREAM_BODY_BYTES) {
        response.body.destroy();
        throw new OutboundNetworkError(req.url, 'RESPONSE_TOO_LARGE');
      }
      chunks.push(buffer);
    }
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(response.headers)) {
      if (value === undefined) continue;
      headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
    }
    return { status: response.statusCode, headers, text: Buffer.concat(chunks).toString('utf8') };
  } catch (error) {
    if (error instanceof OutboundNetworkError) throw error;
    const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
    throw new OutboundNetworkError(req.url, typeof code === 'string' ? code : undefined, { cause: error });
  }
}

/** Parses a JSON body; `undefined` when it is not JSON. */
export function parseJson(text: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
