/**
 * Typed client for the middle tier's API (src/shared/api.ts), same origin.
 *
 * Every request carries the Office SSO token. When the middle tier refuses the token
 * (tokenExpired / invalidToken / missingToken) the client asks the token manager for a fresh one
 * and retries ONCE; on claimsChallenge it asks for a token with the claims and retries once.
 * Everything else becomes an ApiError with the wire code (SsoError from the token manager passes
 * through unchanged).
 */
import {
  API_LIMITS,
  API_PATHS,
  type CloseManyResult,
  type CloseSessionResponse,
  type CreateSessionByUrl,
  type SessionView,
} from '../../shared/api';
import { parseApiErrorEnvelope } from '../../shared/errors';
import { type TokenRequest, type TokenSource } from '../auth/TokenManager';
import { ApiError } from './ApiError';
import {
  parseCloseManyResults,
  parseCloseSessionResponse,
  parseListSessionsResponse,
  parseSessionResponse,
} from './validateResponses';

/** The part of the Fetch API `Response` the client reads (a real Response satisfies it). */
export interface HttpResponse {
  readonly status: number;
  readonly headers: { get(name: string): string | null };
  text(): Promise<string>;
}

export type FetchFn = (url: string, init: RequestInit) => Promise<HttpResponse>;

/** Learns the middle tier's clock from each answer's `Date` (ServerClock satisfies it). */
export interface ClockObserver {
  readonly deviceNow: () => number;
  observe(sentAtMs: number, receivedAtMs: number, dateHeader: string | null): void;
}

interface ApiRequest<T> {
  method: 'GET' | 'POST' | 'DELETE';
  path: string;
  body?: unknown;
  expectedStatus: number;
  parse: (body: unknown) => T | undefined;
}

const TOKEN_REFUSED_CODES = new Set(['tokenExpired', 'invalidToken', 'missingToken']);

export class SessionsApiClient {
  constructor(
    private readonly tokens: TokenSource,
    private readonly fetchFn: FetchFn,
    private readonly clock?: ClockObserver,
  ) {}

  async listSessions(): Promise<SessionView[]> {
    const response = await this.send({
      method: 'GET',
      path: API_PATHS.sessions,
      expectedStatus: 200,
      parse: parseListSessionsResponse,
    });
    return response.sessions;
  }

  async openSession(request: CreateSessionByUrl): Promise<SessionView> {
    const response = await this.send({
      method: 'POST',
      path: API_PATHS.sessions,
      body: { documentUrl: request.documentUrl, persistChanges: request.persistChanges },
      expectedStatus: 201,
      parse: parseSessionResponse,
    });
    return response.session;
  }

  async refreshSession(id: string): Promise<SessionView> {
    const response = await this.send({
      method: 'POST',
      path: API_PATHS.refresh(id),
      expectedStatus: 200,
      parse: parseSessionResponse,
    });
    return response.session;
  }

  closeSession(id: string): Promise<CloseSessionResponse> {
    return this.send({
      method: 'DELETE',
      path: API_PATHS.session(id),
      expectedStatus: 200,
      parse: parseCloseSessionResponse,
    });
  }

  /**
   * Closes 1..API_LIMITS.maxCloseManyIds distinct sessions in one request; one result per id, in
   * the order given. Splitting a longer list is the caller's choice (it decides what a failed
   * chunk means for the others), so a list the contract does not allow is a programming error.
   */
  closeSessions(ids: readonly string[]): Promise<CloseManyResult[]> {
    if (ids.length === 0 || ids.length > API_LIMITS.maxCloseManyIds || new Set(ids).size !== ids.length) {
      return Promise.reject(
        new RangeError(`closeSessions takes 1..${API_LIMITS.maxCloseManyIds} distinct ids, got ${ids.length}`),
      );
    }
    const requested = [...ids];
    return this.send({
      method: 'POST',
      path: API_PATHS.closeMany,
      body: { ids: requested },
      expectedStatus: 200,
      parse: (body) => parseCloseManyResults(body, requested),
    });
  }

  private async send<T>(request: ApiRequest<T>): Promise<T> {
    let token = await this.tokens.getToken();
    let retried = false;
    for (;;) {
      try {
        return await this.sendOnce(request, token);
      } catch (error: unknown) {
        if (error instanceof ApiError && error.code === 'consentRequired' && this.tokens.requireConsent)
          throw this.tokens.requireConsent();
        const retry = retried ? undefined : retryTokenRequest(error);
        if (!retry) throw error;
        retried = true;
        token = await this.tokens.getToken(retry);
      }
    }
  }

  private async sendOnce<T>(request: ApiRequest<T>, token: string): Promise<T> {
    const headers: Record<string, string> = { Accept: 'application/json', Authorization: `Bearer ${token}` };
    if (request.body !== undefined) headers['Content-Type'] = 'application/json';
    let response: HttpResponse;
    let text: string;
    const sentAt = this.clock?.deviceNow();
    try {
      response = await this.fetchFn(request.path, {
        method: request.method,
        headers,
        body: request.body === undefined ? undefined : JSON.stringify(request.body),
        credentials: 'same-origin',
        cache: 'no-store',
      });
      // Every answer, errors included, says what time it is at the middle tier.
      if (this.clock && sentAt !== undefined)
        this.clock.observe(sentAt, this.clock.deviceNow(), response.headers.get('date'));
      text = await response.text();
    } catch (cause: unknown) {
      throw new ApiError('networkError', `${request.method} ${request.path}: no response (${describe(cause)})`);
    }
    const requestId = response.headers.get('request-id') ?? undefined;
    const body = parseJson(text);
    if (response.status === request.expectedStatus) {
      const parsed = body === undefined ? undefined : request.parse(body);
      if (parsed === undefined) {
        throw new ApiError(
          'invalidResponse',
          `${request.method} ${request.path}: the answer does not match the API contract`,
          {
            status: response.status,
            requestId,
          },
        );
      }
      return parsed;
    }
    const envelope = parseApiErrorEnvelope(body);
    if (!envelope) {
      throw new ApiError(
        'invalidResponse',
        `${request.method} ${request.path}: HTTP ${response.status} without an error envelope`,
        {
          status: response.status,
          requestId,
        },
      );
    }
    const { error } = envelope;
    throw new ApiError(error.code, error.message, {
      status: response.status,
      requestId: error.requestId ?? requestId,
      retryAfterSeconds: error.retryAfterSeconds,
      claims: error.claims,
    });
  }
}

/** Which token to ask for before the one allowed retry, or undefined when not retryable. */
function retryTokenRequest(error: unknown): TokenRequest | undefined {
  if (!(error instanceof ApiError) || error.status !== 401) return undefined;
  if (TOKEN_REFUSED_CODES.has(error.code)) return { forceRefresh: true };
  if (error.code === 'claimsChallenge' && error.claims) return { authChallenge: error.claims };
  return undefined;
}

function parseJson(text: string): unknown {
  if (text.length === 0) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function describe(cause: unknown): string {
  return cause instanceof Error ? cause.name : 'unknown error';
}
