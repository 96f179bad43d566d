/**
 * `POST /v1.0/$batch` (https://learn.microsoft.com/en-us/graph/json-batching): the outer request passes the fault gate as route `batch`,
 * its body is validated as a whole (400), then every item is routed through the same
 * dispatcher as a plain request with the outer caller's identity. An item's error — a fault,
 * a 404, a 501 for a route not served in a batch — becomes that item's status, headers and
 * Graph envelope; the outer answer is 200.
 */
import { type BatchResponseItem } from '../../../shared/graph';
import { EmulatorError } from '../../common/EmulatorError';
import { graphErrors } from '../graphErrors';
import { clientRequestIdFrom, newGuid } from '../../common/ids';
import { type GraphPrincipal } from '../../entra/Issuer';
import { CONNECTION_RESET, type DispatchOutcome, faultTargetOf, type GraphDispatcher } from '../GraphDispatcher';
import { parseGraphPath } from '../graphPath';
import { readBatch, type BatchItem } from './batchRequest';
import { executeBatch } from './batchExecutor';

export interface BatchRun {
  dispatcher: GraphDispatcher;
  caller: GraphPrincipal;
  body: string;
  /** The outer request's client-request-id, used by items that send none. */
  clientRequestId: string;
  /** Now-time for error dates. */
  now?: () => number;
  log: (error: unknown) => void;
}

const BATCH_PATH = '/v1.0/$batch';
const JSON_TYPE = 'application/json; charset=utf-8';

/**
 * Header names inside a batch answer are JSON keys, so their spelling is visible to clients:
 * Graph writes `Content-Type`, `Retry-After` and `Location`, and the Graph SDK's
 * BatchResponseContent only recognises a JSON item body under `Content-Type`.
 */
const ITEM_HEADER_SPELLING: Readonly<Record<string, string>> = {
  'content-type': 'Content-Type',
  'retry-after': 'Retry-After',
  location: 'Location',
};

function itemHeaders(headers: Readonly<Record<string, string>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) out[ITEM_HEADER_SPELLING[name.toLowerCase()] ?? name] = value;
  return out;
}

export async function runBatch(run: BatchRun): Promise<DispatchOutcome> {
  const { dispatcher, caller } = run;
  const items = readBatch(run.body);
  const carried = items.map((item) => {
    const target = parseGraphPath((item.url.startsWith('/') ? item.url : `/${item.url}`).split('?')[0] ?? '');
    return target === undefined || target.resource === 'batch' ? 'otherGraph' : faultTargetOf(target);
  });
  const gate = await dispatcher.guard({
    method: 'POST',
    path: BATCH_PATH,
    userOid: caller.oid,
    key: 'batch',
    faultTarget: 'batch',
    carried,
    caller,
  });
  if (gate === CONNECTION_RESET) return CONNECTION_RESET;
  const retryAfterCommits: (() => void)[] = [];
  const defer = (commit: () => void): void => {
    retryAfterCommits.push(commit);
  };
  const errorAnswer = (item: BatchItem, error: EmulatorError): BatchResponseItem => ({
    id: item.id,
    status: error.status,
    headers: itemHeaders({ 'content-type': JSON_TYPE, ...error.headers }),
    body: error.render({
      requestId: newGuid(),
      clientRequestId: clientRequestIdOf(item, run.clientRequestId),
      nowMs: (run.now ?? Date.now)(),
    }),
  });

  const responses = await executeBatch(
    items,
    async (item) => {
      try {
        const outcome = await dispatchItem(dispatcher, caller, item, defer);
        if (outcome === CONNECTION_RESET) return CONNECTION_RESET;
        const answer: BatchResponseItem = {
          id: item.id,
          status: outcome.status,
          headers: itemHeaders(outcome.headers),
        };
        if (outcome.body !== undefined) answer.body = outcome.body;
        return answer;
      } catch (error: unknown) {
        if (error instanceof EmulatorError) return errorAnswer(item, error);
        run.log(error);
        return errorAnswer(item, graphErrors.internal());
      }
    },
    (item) => errorAnswer(item, graphErrors.failedDependency()),
  );
  retryAfterCommits.forEach((commit) => commit());
  if (responses === CONNECTION_RESET) return CONNECTION_RESET;
  return { status: 200, headers: { 'content-type': JSON_TYPE }, body: { responses } };
}

async function dispatchItem(
  dispatcher: GraphDispatcher,
  caller: GraphPrincipal,
  item: BatchItem,
  defer: (commit: () => void) => void,
): Promise<DispatchOutcome> {
  // Item urls are relative to the version ("/me/drive/..."); the leading slash is optional.
  if (/^[a-z][a-z0-9+.-]*:/i.test(item.url))
    throw graphErrors.invalidBody(
      `Request '${item.id}': url must be relative to the version (e.g. /me/drive/...), not an absolute URL.`,
    );
  const relative = item.url.startsWith('/') ? item.url : `/${item.url}`;
  if (/^\/*[a-z][a-z0-9+.-]*:\/\//i.test(item.url))
    throw graphErrors.invalidBody(`Request '${item.id}': url must be relative, such as /me/drive.`);
  const path = relative.split('?')[0] ?? relative;
  const target = parseGraphPath(path);
  if (target === undefined || target.resource === 'batch') throw graphErrors.notInBatch(item.method, path);
  const body = item.body === undefined ? '' : typeof item.body === 'string' ? item.body : JSON.stringify(item.body);
  return dispatcher.dispatch({ target, method: item.method, headers: item.headers, body, caller, path, defer });
}

function clientRequestIdOf(item: BatchItem, outer: string): string {
  const own = item.headers['client-request-id'];
  return own === undefined ? outer : clientRequestIdFrom(own);
}
