/**
 * Renders the whole pane (AppRoot) over a FakeOfficeHost and a recorded fake fetch, the way
 * component tests drive it: by role, as a person would.
 */
import { render } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { type SessionView } from '../../shared/api';
import { AppRoot } from '../app/AppRoot';
import { fakeJwt, FakeOfficeHost, type FakeOfficeHostOptions } from '../office/FakeOfficeHost';
import { type FakeRoute, jsonResponse, type RecordedRequest, recordingFetch } from './fakeHttp';

export const DOC_URL = 'https://contoso.sharepoint.com/sites/Finanzas/Documentos%20compartidos/Presupuesto%202027.xlsx';

/** An SSO token as Office would hand it (unsigned: the pane only reads its claims). */
export function ssoToken(claims: Record<string, unknown> = {}): string {
  return fakeJwt(Math.floor(Date.now() / 1000) + 3600, {
    tid: 'tenant-1',
    oid: 'user-1',
    name: 'Megan Bowen',
    ...claims,
  });
}

export interface PaneOptions {
  host?: FakeOfficeHostOptions;
  /** What GET /api/sessions answers (when no route is given). */
  sessions?: SessionView[];
  route?: FakeRoute;
  /** For jest fake timers: userEvent must advance them. */
  fakeTimers?: boolean;
}

export function renderPane(options: PaneOptions = {}) {
  const host = new FakeOfficeHost({ documentUrl: DOC_URL, tokens: () => ssoToken(), ...options.host });
  const listed = options.sessions ?? [];
  const { fetchFn, requests } = recordingFetch(
    options.route ??
      ((request) => (request.method === 'GET' ? jsonResponse(200, { sessions: listed }) : jsonResponse(500, {}))),
  );
  const user = userEvent.setup(options.fakeTimers ? { advanceTimers: (ms) => jest.advanceTimersByTime(ms) } : {});
  const view = render(
    <AppRoot host={host} ready={{ kind: 'ready', host: 'Excel', platform: 'OfficeOnline' }} fetchFn={fetchFn} />,
  );
  const requestsTo = (method: string, url?: string): RecordedRequest[] =>
    requests.filter((r) => r.method === method && (url === undefined || r.url === url));
  return { host, requests, requestsTo, user, ...view };
}

/** A route answering GET with `sessions()` (read at request time) and other methods with `other`. */
export function listRoute(sessions: () => SessionView[], other: FakeRoute = () => jsonResponse(500, {})): FakeRoute {
  return (request) => (request.method === 'GET' ? jsonResponse(200, { sessions: sessions() }) : other(request));
}
