/**
 * Validation of a JSON `$batch` body (https://learn.microsoft.com/en-us/graph/json-batching). Anything that makes the batch as a whole
 * unusable answers 400 for the whole batch: not JSON, no `requests` array, 0 or more than 20
 * requests, an item without `id`/`method`/`url`, ids repeated (case-insensitively), a `body`
 * without a `Content-Type` header, a `dependsOn` naming an unknown id, or a dependency cycle.
 */
import { GRAPH_BATCH_LIMIT } from '../../../shared/graph';
import { graphErrors } from '../graphErrors';
import { isPlainObject, parseJson } from '../../common/requestContext';

export interface BatchItem {
  id: string;
  /** Upper-cased. */
  method: string;
  url: string;
  /** Lower-cased names. */
  headers: Record<string, string>;
  /** The JSON body, if any. */
  body?: unknown;
  /** The ids this item waits for, spelled as their items spell them. */
  dependsOn: string[];
}

const METHODS = new Set(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']);
const MAX_ID_LENGTH = 256;

export function readBatch(text: string): BatchItem[] {
  const parsed = parseJson(text);
  if (!parsed.ok || !isPlainObject(parsed.value))
    throw graphErrors.invalidBatch('The batch body must be a JSON object {"requests": [...]}.');
  const { requests } = parsed.value;
  if (!Array.isArray(requests)) throw graphErrors.invalidBatch("The batch body must contain a 'requests' array.");
  if (requests.length === 0) throw graphErrors.invalidBatch('A batch must contain at least one request.');
  if (requests.length > GRAPH_BATCH_LIMIT)
    throw graphErrors.invalidBatch(`Number of batch requests exceeds the limit of ${GRAPH_BATCH_LIMIT}.`);
  const items = requests.map((value: unknown, index) => readItem(value, index));

  const byId = new Map<string, BatchItem>();
  for (const item of items) {
    const key = item.id.toLowerCase();
    if (byId.has(key))
      throw graphErrors.invalidBatch(`Request id '${item.id}' is used more than once (ids are not case-sensitive).`);
    byId.set(key, item);
  }
  for (const item of items) {
    for (const dependency of item.dependsOn) {
      if (!byId.has(dependency.toLowerCase()))
        throw graphErrors.invalidBatch(`Request '${item.id}' depends on '${dependency}', which is not in the batch.`);
    }
  }
  rejectCycles(items, byId);
  return items;
}

function readItem(value: unknown, index: number): BatchItem {
  const where = `requests[${index}]`;
  if (!isPlainObject(value)) throw graphErrors.invalidBatch(`${where} must be an object.`);
  const { id, method, url, headers, body, dependsOn } = value;
  if (typeof id !== 'string' || id.trim() === '' || id.length > MAX_ID_LENGTH)
    throw graphErrors.invalidBatch(`${where}.id must be a non-empty string.`);
  if (typeof method !== 'string' || !METHODS.has(method.toUpperCase()))
    throw graphErrors.invalidBatch(`Request '${id}': method must be one of ${[...METHODS].join(', ')}.`);
  if (typeof url !== 'string' || url.trim() === '')
    throw graphErrors.invalidBatch(`Request '${id}': url must be a non-empty relative URL.`);
  const item: BatchItem = {
    id,
    method: method.toUpperCase(),
    url,
    headers: readHeaders(headers, id),
    dependsOn: readDependsOn(dependsOn, id),
  };
  if (body !== undefined && body !== null) {
    if (item.headers['content-type'] === undefined)
      throw graphErrors.invalidBatch(`Request '${id}' has a body but no Content-Type header.`);
    item.body = body;
  }
  return item;
}

function readHeaders(value: unknown, id: string): Record<string, string> {
  if (value === undefined || value === null) return {};
  if (!isPlainObject(value)) throw graphErrors.invalidBatch(`Request '${id}': headers must be an object of strings.`);
  const headers: Record<string, string> = {};
  for (const [name, headerValue] of Object.entries(value)) {
    if (typeof headerValue !== 'string')
      throw graphErrors.invalidBatch(`Request '${id}': header '${name}' must be a string.`);
    headers[name.toLowerCase()] = headerValue;
  }
  return headers;
}

function readDependsOn(value: unknown, id: string): string[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value) || !value.every((d): d is string => typeof d === 'string'))
    throw graphErrors.invalidBatch(`Request '${id}': dependsOn must be an array of request ids.`);
  if (value.some((d) => d.toLowerCase() === id.toLowerCase()))
    throw graphErrors.invalidBatch(`Request '${id}' depends on itself.`);
  return value;
}

function rejectCycles(items: BatchItem[], byId: Map<string, BatchItem>): void {
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (item: BatchItem): void => {
    const key = item.id.toLowerCase();
    if (state.get(key) === 'done') return;
    if (state.get(key) === 'visiting')
      throw graphErrors.invalidBatch(`The dependsOn chain through '${item.id}' is circular.`);
    state.set(key, 'visiting');
    for (const dependency of item.dependsOn) {
      const next = byId.get(dependency.toLowerCase());
      if (next !== undefined) visit(next);
    }
    state.set(key, 'done');
  };
  items.forEach(visit);
}
