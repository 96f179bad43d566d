/**
 * Test helpers for the HTTP boundary: JSON responses shaped like the Fetch API's Response
 * (jsdom has no fetch), a recorded fake fetch, and SessionView builders.
 */
import { type SessionView } from '../../shared/api';
import { type ApiErrorCode, API_ERROR_STATUS } from '../../shared/errors';
import { type FetchFn, type HttpResponse } from '../api/SessionsApiClient';

export interface RecordedRequest {
  url: string;
  method: string;
  headers: Record<string, string>;
  body: unknown;
}

export function jsonResponse(status: number, body: unknown, headers: Record<string, string> = {}): HttpResponse {
  const lower = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
  return {
    status,
    headers: { get: (name: string) => lower[name.toLowerCase()] ?? null },
    text: () => Promise.resolve(typeof body === 'string' ? body : JSON.stringify(body)),
  };
}

export function errorResponse(code: ApiErrorCode, extra: Record<string, unknown> = {}): HttpResponse {
  return jsonResponse(API_ERROR_STATUS[code], {
    error: { code, message: `server says ${code}`, requestId: 'req-1', ...extra },
  });
}

export type FakeRoute = (request: RecordedRequest) => HttpResponse | Promise<HttpResponse>;

/** A fetch that records every request and answers with `route`. */
export function recordingFetch(route: FakeRoute): { fetchFn: FetchFn; requests: RecordedRequest[] } {
  const requests: RecordedRequest[] = [];
  const fetchFn: FetchFn = async (url, init) => {
    const headers = (init.headers ?? {}) as Record<string, string>;
    const request: RecordedRequest = {
      url,
      method: init.method ?? 'GET',
      headers,
      body: typeof init.body === 'string' ? (JSON.parse(init.body) as unknown) : undefined,
    };
    requests.push(request);
    return route(request);
  };
  return { fetchFn, requests };
}

export function sessionView(overrides: Partial<SessionView> & { name?: string } = {}): SessionView {
  const { name = 'Presupuesto 2027.xlsx', ...rest } = overrides;
  return {
    id: '6f1c2d3e-0000-4000-8000-000000000001',
    workbook: {
      driveId: 'b!drive',
      itemId: `01ITEM-${encodeURIComponent(name)}`,
      name,
      webUrl: `https://contoso.sharepoint.com/sites/finance/Shared Documents/${name}`,
    },
    persistChanges: true,
    openedAt: '2026-03-02T09:15:00.000Z',
    lastActivityAt: '2026-03-02T09:16:00.000Z',
    expiresAt: '2026-03-02T09:21:00.000Z',
    status: 'open',
    ...rest,
  };
}

/** A promise with its resolve function exposed, to hold a fake answer until the test releases it. */
export function deferred<T>(): { promise: Promise<T>; resolve: (value: T) => void } {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}
