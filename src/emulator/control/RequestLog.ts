/**
 * What clients sent to the Graph and token endpoints, for tests to assert on (was the
 * `workbook-session-id` header passed unchanged? was a client-request-id sent?). Bounded so a
 * long local-mode run cannot grow without limit. Credentials never enter the log.
 */

export interface LoggedRequest {
  at: string;
  method: string;
  path: string;
  /** The raw query string without `?`, or `''`. */
  query: string;
  /** The HTTP status answered, or 0 when a `reset` fault dropped the connection without an answer. */
  status: number;
  headers: Record<string, string>;
}

export const REQUEST_LOG_LIMIT = 5000;

/** Headers whose values are credentials: kept as a marker so tests can see they were sent. */
const REDACTED = new Set(['authorization', 'cookie', 'proxy-authorization']);

export function redactHeaders(headers: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, raw] of Object.entries(headers)) {
    if (raw === undefined) continue;
    const value = Array.isArray(raw) ? raw.join(', ') : raw;
    const lower = name.toLowerCase();
    if (REDACTED.has(lower)) {
      const scheme = /^(\w+)\s/.exec(value)?.[1];
      out[lower] = scheme !== undefined ? `${scheme} <redacted>` : '<redacted>';
    } else {
      out[lower] = value;
    }
  }
  return out;
}

export class RequestLog {
  private entries: LoggedRequest[] = [];

  constructor(private readonly limit: number = REQUEST_LOG_LIMIT) {}

  record(entry: LoggedRequest): void {
    this.entries.push(entry);
    if (this.entries.length > this.limit) this.entries.splice(0, this.entries.length - this.limit);
  }

  list(): LoggedRequest[] {
    return this.entries.map((e) => ({ ...e, headers: { ...e.headers } }));
  }

  reset(): void {
    this.entries = [];
  }
}
