/**
 * The fault rule sets the dev host page offers with one click. Each is a body for
 * `POST /_emulator/faults`; the page sends it as is, so the control API's own validation
 * applies. Seeds are fixed so a person can reproduce what they saw. The Graph failures are the
 * shapes of graph/graphFailures.ts.
 */
import { type FaultRuleInput } from '../faults/faultRules';
import { GRAPH_FAILURES, type GraphFailure } from '../graph/graphFailures';

export interface FaultPreset {
  id: string;
  label: string;
  body: { seed: number; rules: FaultRuleInput[] };
}

type SessionRoute = 'createSession' | 'refreshSession' | 'closeSession';

function failing(routes: readonly SessionRoute[], error: GraphFailure): FaultRuleInput[] {
  return routes.map((route) => ({
    route,
    kind: 'graphError',
    error: { ...error, ...(error.innerError === undefined ? {} : { innerError: [...error.innerError] }) },
  }));
}

const SESSION_CALLS: readonly SessionRoute[] = ['refreshSession', 'closeSession'];
const ALL_SESSION_ACTIONS: readonly SessionRoute[] = ['createSession', 'refreshSession', 'closeSession'];

export const FAULT_PRESETS: readonly FaultPreset[] = [
  {
    id: 'throttle-close',
    label: '30% of closeSession throttled (429, Retry-After 2 s)',
    body: { seed: 4, rules: [{ route: 'closeSession', kind: 'throttle', probability: 0.3, retryAfterSeconds: 2 }] },
  },
  {
    id: 'graph-throttled',
    // Longer than the middle tier waits inside one request: the throttling reaches the pane.
    label: 'Graph throttles every session call (429, Retry-After 60 s)',
    body: {
      seed: 4,
      rules: ALL_SESSION_ACTIONS.map((route) => ({ route, kind: 'throttle', retryAfterSeconds: 60 })),
    },
  },
  {
    id: 'graph-down',
    // Retry-After 60 s: longer than a client should sit waiting inside one user action, so the
    // add-in reports the outage at once instead of retrying behind a spinner.
    label: 'Graph down (every request 503, Retry-After 60 s)',
    body: { seed: 4, rules: [{ route: 'any', kind: 'unavailable', retryAfterSeconds: 60 }] },
  },
  {
    id: 'slow-graph',
    label: 'Slow Graph (800 ms added to every request)',
    body: { seed: 4, rules: [{ route: 'any', kind: 'latency', latencyMs: 800 }] },
  },
  {
    id: 'create-timeout',
    label: 'createSession times out (504) twice',
    body: { seed: 4, rules: [{ route: 'createSession', kind: 'gatewayTimeout', count: 2 }] },
  },
  {
    // Tokens issued until the click are revoked: Graph answers them with its claims challenge.
    id: 'cae-claims',
    label: 'Graph asks for fresh sign-in claims (CAE)',
    body: { seed: 4, rules: [{ route: 'any', kind: 'insufficientClaims' }] },
  },
  {
    id: 'token-unavailable',
    label: 'Entra token endpoint unavailable (503) once',
    body: { seed: 4, rules: [{ route: 'token', kind: 'unavailable', count: 1 }] },
  },
  {
    id: 'no-access',
    label: 'No permission on the workbook (403 FileOpenUserUnauthorized; /shares 403)',
    body: {
      seed: 4,
      rules: [
        ...failing(ALL_SESSION_ACTIONS, GRAPH_FAILURES.fileOpenUserUnauthorized),
        { route: 'shares', kind: 'graphError', error: { ...GRAPH_FAILURES.sharingLinkDenied } },
      ],
    },
  },
  {
    id: 'open-refused',
    label: 'Excel refuses to open the file in the browser (403 FileOpenUserUnauthorized on createSession)',
    body: { seed: 4, rules: failing(['createSession'], GRAPH_FAILURES.fileOpenUserUnauthorized) },
  },
  {
    id: 'close-refused',
    label: 'closeSession refused (403 FileOpenUserUnauthorized)',
    body: { seed: 4, rules: failing(['closeSession'], GRAPH_FAILURES.fileOpenUserUnauthorized) },
  },
  {
    id: 'wac-token',
    label: 'Excel cannot get a WAC token (403 AccessDenied, no inner code)',
    body: { seed: 4, rules: failing(['createSession'], GRAPH_FAILURES.wacAccessToken) },
  },
  {
    id: 'workbook-locked',
    label: 'Workbook locked by another client (409 accessConflict on createSession)',
    body: {
      seed: 4,
      rules: [
        {
          route: 'createSession',
          kind: 'graphError',
          error: { ...GRAPH_FAILURES.workbookLocked, innerError: [...GRAPH_FAILURES.workbookLocked.innerError] },
          retryAfterSeconds: 30,
        },
      ],
    },
  },
  {
    id: 'session-conflict',
    label: 'Session conflicts with co-authoring (409 invalidSessionAccessConflict)',
    body: { seed: 4, rules: failing(SESSION_CALLS, GRAPH_FAILURES.sessionAccessConflict) },
  },
  {
    id: 'file-open-error',
    label: 'Workbook cannot be opened (500 GenericFileOpenError, nested)',
    body: { seed: 4, rules: failing(['createSession'], GRAPH_FAILURES.genericFileOpen) },
  },
  {
    id: 'session-lost',
    label: 'Session calls fail with 502 (recreate the session)',
    body: { seed: 4, rules: failing(SESSION_CALLS, GRAPH_FAILURES.sessionBadGateway) },
  },
  {
    id: 'unsupported-workbook',
    label: 'Workbook not supported (invalidSessionUnsupportedWorkbook)',
    body: { seed: 4, rules: failing(['createSession'], GRAPH_FAILURES.unsupportedWorkbook) },
  },
  {
    id: 'session-not-found',
    label: 'Session invalid: workbook not found (404 invalidSessionNotFound)',
    body: { seed: 4, rules: failing(SESSION_CALLS, GRAPH_FAILURES.sessionNotFound) },
  },
  {
    id: 'session-authentication',
    label: 'Session invalid: authentication (401 invalidSessionAuthentication)',
    body: { seed: 4, rules: failing(SESSION_CALLS, GRAPH_FAILURES.sessionAuthentication) },
  },
  {
    id: 'session-restricted',
    label: 'Session invalid: restricted by the service (403 invalidSessionRestricted)',
    body: { seed: 4, rules: failing(ALL_SESSION_ACTIONS, GRAPH_FAILURES.sessionRestricted) },
  },
  {
    id: 'session-unexpected',
    label: 'Session invalid: unexpected (500 invalidSessionUnexpected)',
    body: { seed: 4, rules: failing(ALL_SESSION_ACTIONS, GRAPH_FAILURES.sessionUnexpected) },
  },
];
