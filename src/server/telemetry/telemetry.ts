/**
 * What the middle tier reports about itself, as seen by the code that does the work. The parts
 * call these few hooks; `NO_TELEMETRY` (the default) does nothing and loads nothing, and the
 * OpenTelemetry implementation (openTelemetry.ts) is loaded only when an export is configured
 * (loadTelemetry.ts). Nothing here may carry a token, a user name, a document URL or a workbook
 * session id: the user appears at most as a keyed pseudonym.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { OutboundResponse } from '../http/outboundRequest';
import type { StoredSessionStatus } from '../registry/SessionStore';

/** The name of the error telemetry start-up throws for a problem the administrator must fix. */
export const TELEMETRY_START_FAILED = 'TelemetryStartError';

export type RequestHandler = (request: IncomingMessage, response: ServerResponse) => void;

/** One Graph request on the wire (one attempt of a call). */
export interface GraphAttempt {
  /** `createSession`, `closeSession`, `refreshSession`, `batch` (`$batch`), `resolveDocumentUrl` (`/shares`)… */
  operation: string;
  /** 1 for the first try. */
  attempt: number;
  clientRequestId: string;
}

/** How a close ended for one session, as the API answers it. */
export type CloseOutcomeLabel = 'closed' | 'alreadyGone' | 'failed';

/** What a reconciler run did (sessions/reconciler.ts). */
export interface ReconcilerActions {
  closesFinished: number;
  expiredRemoved: number;
  reopened: number;
  closesPending: number;
  unknownCreatesRemoved: number;
}

export interface Telemetry {
  /** False for NO_TELEMETRY: app.ts then installs no hooks at all. */
  readonly enabled: boolean;
  /** Wraps the HTTP server's handler: one span per request, current while it is handled. */
  wrapRequestHandler(handler: RequestHandler): RequestHandler;
  /** Names the request's span and metrics by its route template (`/api/sessions/:id`), once routed. */
  routed(request: IncomingMessage, routeTemplate: string | undefined): void;
  /** The signed-in user, recorded only as a keyed pseudonym of tenant and object id. */
  authenticated(request: IncomingMessage, user: { tenantId: string; userOid: string }): void;
  /** Runs one Graph attempt inside its span; records its status, Graph's request-id and duration. */
  graphAttempt(attempt: GraphAttempt, send: () => Promise<OutboundResponse>): Promise<OutboundResponse>;
  /** A wait before retrying a Graph call; `retryAfter` when Graph's Retry-After set it. */
  graphRetryWait(operation: string, waitMs: number, retryAfter: boolean): void;
  /** One on-behalf-of exchange with Entra ID; `failure` is an AADSTS code (or msal's code). */
  oboExchange(failure?: string): void;
  /** A session opened (or refused: the error code). */
  sessionOpened(errorCode?: string): void;
  /** Sessions closed through the API, by outcome. */
  sessionsClosed(outcome: CloseOutcomeLabel, count: number): void;
  /** One reconciler run; rows taken over from a lapsed lease are counted as lease takeovers. */
  reconciled(actions: ReconcilerActions): void;
  /** Runs one registry operation inside its span. */
  registryOperation<T>(operation: string, run: () => Promise<T>): Promise<T>;
  /** The open-session gauge reads this (cached; the registry is asked at most every few seconds). */
  countSessionsWith(count: () => Promise<Record<StoredSessionStatus, number>>): void;
  /** Fields every log line carries: `trace_id` and `span_id` of the current span. */
  logFields(): Record<string, string>;
  /** Flushes what is pending and stops the exporters (and the /metrics server). */
  shutdown(): Promise<void>;
}

const nothing = (): void => undefined;

export const NO_TELEMETRY: Telemetry = {
  enabled: false,
  wrapRequestHandler: (handler) => handler,
  routed: nothing,
  authenticated: nothing,
  graphAttempt: (_attempt, send) => send(),
  graphRetryWait: nothing,
  oboExchange: nothing,
  sessionOpened: nothing,
  sessionsClosed: nothing,
  reconciled: nothing,
  registryOperation: (_operation, run) => run(),
  countSessionsWith: nothing,
  logFields: () => ({}),
  shutdown: async () => undefined,
};
