/**
 * The Telemetry hooks (telemetry.ts) on top of the OpenTelemetry API: spans for API requests,
 * Graph attempts and registry operations, and the metrics an operator graphs and alerts on
 * (docs/operations.md lists them). Loaded only when an export is configured (loadTelemetry.ts);
 * otelSdk.ts sets up the providers this reads through the global API.
 *
 * Names follow the OpenTelemetry semantic conventions where one exists
 * (https://opentelemetry.io/docs/specs/semconv/http/http-metrics/,
 * https://opentelemetry.io/docs/specs/semconv/database/database-metrics/); our own are under
 * `workbook_sessions.`.
 */
import { createHmac } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import {
  context,
  metrics,
  propagation,
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  trace,
  type Attributes,
  type Span,
} from '@opentelemetry/api';
import type { StoredSessionStatus } from '../registry/SessionStore';
import type { Telemetry } from './telemetry';

const SCOPE = 'workbook-sessions';
/** The open-session gauge asks the registry at most this often, whatever the scrape rate. */
const SESSION_COUNT_MAX_AGE_MS = 15_000;
/** Latency buckets in seconds: Graph answers in tens of milliseconds to tens of seconds. */
const DURATION_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10, 30];
/** Users whose pseudonym is kept (the cache starts over when full). */
const PSEUDONYM_CACHE_SIZE = 10_000;
const KNOWN_METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'CONNECT', 'TRACE']);

interface RequestState {
  span: Span;
  route: string | undefined;
  started: number;
}

export interface OtelTelemetryOptions {
  /** Keys the user pseudonym (per deployment; derived from the sealing key, never exported). */
  pseudonymKey: Buffer;
  /** 'sqlite' or 'postgresql': the registry's database (db.system.name). */
  registrySystem: string;
  /** Stops the SDK (otelSdk.ts). */
  shutdown: () => Promise<void>;
}

export function createOtelTelemetry(options: OtelTelemetryOptions): Telemetry {
  const tracer = trace.getTracer(SCOPE);
  const meter = metrics.getMeter(SCOPE);
  const seconds = (description: string, name: string) =>
    meter.createHistogram(name, { description, unit: 's', advice: { explicitBucketBoundaries: DURATION_BUCKETS } });

  const serverDuration = seconds('Duration of HTTP requests the middle tier answered.', 'http.server.request.duration');
  const graphDuration = seconds(
    'Duration of each Microsoft Graph request (one attempt), by operation and status.',
    'workbook_sessions.graph.request.duration',
  );
  const dbDuration = seconds('Duration of session registry operations.', 'db.client.operation.duration');
  const throttled = meter.createCounter('workbook_sessions.graph.throttled', {
    description: 'Graph answers 429 Too Many Requests, by operation.',
    unit: '{response}',
  });
  const waited = meter.createCounter('workbook_sessions.graph.retry.wait', {
    description: 'Seconds spent waiting before retrying Graph: for its Retry-After, or backing off.',
    unit: 's',
  });
  const obo = meter.createCounter('workbook_sessions.obo.exchanges', {
    description: 'On-behalf-of token exchanges with Entra ID, by outcome and AADSTS code.',
    unit: '{exchange}',
  });
  const opens = meter.createCounter('workbook_sessions.session.opens', {
    description: 'Workbook sessions opened through the API, by outcome.',
    unit: '{session}',
  });
  const closes = meter.createCounter('workbook_sessions.session.closes', {
    description: 'Workbook sessions closed through the API, by outcome.',
    unit: '{session}',
  });
  const reconcilerActions = meter.createCounter('workbook_sessions.reconciler.actions', {
    description: 'What the registry reconciler did, by action.',
    unit: '{session}',
  });
  const takeovers = meter.createCounter('workbook_sessions.registry.lease.takeovers', {
    description: 'Closes taken over from an instance whose lease lapsed.',
    unit: '{session}',
  });
  const sessionGauge = meter.createObservableGauge('workbook_sessions.sessions', {
    description: 'Sessions in the registry, by status (all instances: the registry is shared).',
    unit: '{session}',
  });

  const requests = new WeakMap<IncomingMessage, RequestState>();
  // An HMAC per request costs more than the rest of the request's telemetry: computed once per user.
  const pseudonyms = new Map<string, string>();
  const dbAttributes = { 'db.system.name': options.registrySystem };
  const statementSpans = options.registrySystem === 'postgresql';

  let countSessions: (() => Promise<Record<StoredSessionStatus, number>>) | undefined;
  let counted: { at: number; counts: Record<StoredSessionStatus, number> } | undefined;
  let counting = false;
  sessionGauge.addCallback((result) => {
    if (countSessions === undefined) return;
    // Answers from the cache at once and refreshes it in the background when stale: a scrape
    // never waits for the database, and many scrapers cost one query per interval.
    if (!counting && (counted === undefined || Date.now() - counted.at > SESSION_COUNT_MAX_AGE_MS)) {
      counting = true;
      countSessions()
        .then((counts) => (counted = { at: Date.now(), counts }))
        .catch(() => undefined)
        .finally(() => (counting = false));
    }
    if (counted === undefined) return;
    for (const [status, value] of Object.entries(counted.counts))
      result.observe(value, { 'workbook_sessions.session.status': status });
  });

  return {
    enabled: true,

    wrapRequestHandler(handler) {
      return (request, response) => {
        const method = KNOWN_METHODS.has(request.method ?? '') ? (request.method as string) : '_OTHER';
        // A trace started by a proxy or gateway in front continues here (W3C traceparent).
        const parent = propagation.extract(ROOT_CONTEXT, request.headers);
        const span = tracer.startSpan(
          method,
          { kind: SpanKind.SERVER, attributes: { 'http.request.method': method } },
          parent,
        );
        const state: RequestState = { span, route: undefined, started: performance.now() };
        requests.set(request, state);
        const active = trace.setSpan(parent, span);
        response.once('close', () => {
          const status = response.statusCode;
          const attributes: Attributes = { 'http.request.method': method, 'http.response.status_code': status };
          if (state.route !== undefined) attributes['http.route'] = state.route;
          if (status >= 500) attributes['error.type'] = String(status);
          if (!response.writableFinished) attributes['error.type'] = 'aborted';
          serverDuration.record((performance.now() - state.started) / 1000, attributes);
          span.setAttributes(attributes);
          if (status >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
          span.end();
        });
        // Listeners added later (fastify's body reading, onResponse) run in the request's context.
        context.bind(active, request);
        context.bind(active, response);
        context.with(active, () => handler(request, response));
      };
    },

    routed(request, routeTemplate) {
      const state = requests.get(request);
      if (state === undefined || routeTemplate === undefined) return;
      state.route = routeTemplate;
      state.span.updateName(`${request.method ?? ''} ${routeTemplate}`);
      state.span.setAttribute('http.route', routeTemplate);
    },

    authenticated(request, user) {
      const state = requests.get(request);
      if (state === undefined || !state.span.isRecording()) return;
      const key = `${user.tenantId}/${user.userOid}`;
      let pseudonym = pseudonyms.get(key);
      if (pseudonym === undefined) {
        // A keyed hash: stable per user within this deployment, meaningless outside it.
        pseudonym = createHmac('sha256', options.pseudonymKey).update(key).digest('base64url').slice(0, 22);
        if (pseudonyms.size >= PSEUDONYM_CACHE_SIZE) pseudonyms.clear();
        pseudonyms.set(key, pseudonym);
      }
      state.span.setAttribute('enduser.pseudo.id', pseudonym);
    },

    graphAttempt(attempt, send) {
      const attributes: Attributes = {
        'workbook_sessions.graph.operation': attempt.operation,
        'workbook_sessions.graph.retry_count': attempt.attempt - 1,
        'workbook_sessions.graph.client_request_id': attempt.clientRequestId,
      };
      return tracer.startActiveSpan(
        `Graph ${attempt.operation}`,
        { kind: SpanKind.INTERNAL, attributes },
        async (span) => {
          const started = performance.now();
          const metric: Attributes = { 'workbook_sessions.graph.operation': attempt.operation };
          try {
            const response = await send();
            metric['http.response.status_code'] = response.status;
            span.setAttribute('http.response.status_code', response.status);
            const requestId = response.headers['request-id'];
            if (requestId !== undefined) span.setAttribute('workbook_sessions.graph.request_id', requestId);
            if (response.status >= 400) span.setStatus({ code: SpanStatusCode.ERROR });
            if (response.status === 429) throttled.add(1, { 'workbook_sessions.graph.operation': attempt.operation });
            return response;
          } catch (error) {
            const cause =
              typeof error === 'object' && error !== null ? (error as { causeCode?: unknown }).causeCode : undefined;
            metric['error.type'] = typeof cause === 'string' ? cause : 'no_answer';
            span.setAttribute('error.type', metric['error.type']);
            span.setStatus({ code: SpanStatusCode.ERROR });
            throw error;
          } finally {
            graphDuration.record((performance.now() - started) / 1000, metric);
            span.end();
          }
        },
      );
    },

    graphRetryWait(operation, waitMs, retryAfter) {
      waited.add(waitMs / 1000, {
        'workbook_sessions.graph.operation': operation,
        'workbook_sessions.graph.wait_reason': retryAfter ? 'retry_after' : 'backoff',
      });
    },

    oboExchange(failure) {
      obo.add(
        1,
        failure === undefined
          ? { 'workbook_sessions.outcome': 'success' }
          : { 'workbook_sessions.outcome': 'failure', 'workbook_sessions.obo.error': failure },
      );
    },

    sessionOpened(errorCode) {
      opens.add(
        1,
        errorCode === undefined
          ? { 'workbook_sessions.outcome': 'opened' }
          : { 'workbook_sessions.outcome': 'failed', 'workbook_sessions.error.code': errorCode },
      );
    },

    sessionsClosed(outcome, count) {
      if (count > 0) closes.add(count, { 'workbook_sessions.outcome': outcome });
    },

    reconciled(actions) {
      for (const [action, count] of Object.entries(actions))
        if (count > 0) reconcilerActions.add(count, { 'workbook_sessions.reconciler.action': action });
      // Every row of a lapsed lease lands in exactly one of these.
      const taken = actions.closesFinished + actions.expiredRemoved + actions.reopened + actions.closesPending;
      if (taken > 0) takeovers.add(taken);
    },

    async registryOperation(operation, run) {
      const attributes: Attributes = { ...dbAttributes, 'db.operation.name': operation };
      const span = tracer.startSpan(`registry ${operation}`, { kind: SpanKind.CLIENT, attributes });
      const started = performance.now();
      try {
        // Current only where statements of their own appear beneath (pg); SQLite's have no spans.
        return await (statementSpans ? context.with(trace.setSpan(context.active(), span), run) : run());
      } catch (error) {
        const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
        attributes['error.type'] = typeof code === 'string' ? code : 'error';
        span.setAttribute('error.type', attributes['error.type']);
        span.setStatus({ code: SpanStatusCode.ERROR });
        throw error;
      } finally {
        dbDuration.record((performance.now() - started) / 1000, attributes);
        span.end();
      }
    },

    countSessionsWith(count) {
      countSessions = count;
    },

    logFields(): Record<string, string> {
      const span = trace.getSpan(context.active());
      if (span === undefined) return {};
      const { traceId, spanId } = span.spanContext();
      return { trace_id: traceId, span_id: spanId };
    },

    shutdown: options.shutdown,
  };
}
