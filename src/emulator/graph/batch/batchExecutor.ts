/**
 * Runs the items of a validated batch. Items run one at a time: those without dependencies in
 * the order given, an item with `dependsOn` as soon as all its dependencies have answered. An
 * item whose dependency failed (status ≥ 400, 424 included) is not run and answers 424
 * (https://learn.microsoft.com/en-us/graph/json-batching). Answers come back in request order. A `reset` fault on any item drops the
 * whole HTTP request, so execution stops there.
 */
import { type BatchResponseItem } from '../../../shared/graph';
import { CONNECTION_RESET } from '../GraphDispatcher';
import { type BatchItem } from './batchRequest';

export type RunBatchItem = (item: BatchItem) => Promise<BatchResponseItem | typeof CONNECTION_RESET>;

export async function executeBatch(
  items: readonly BatchItem[],
  run: RunBatchItem,
  failedDependency: (item: BatchItem) => BatchResponseItem,
): Promise<BatchResponseItem[] | typeof CONNECTION_RESET> {
  const answers = new Map<string, BatchResponseItem>();
  const pending = [...items];
  while (pending.length > 0) {
    // The validator rejected unknown ids and cycles, so some pending item is always ready.
    const index = pending.findIndex((item) => item.dependsOn.every((d) => answers.has(d.toLowerCase())));
    const [item] = pending.splice(index < 0 ? 0 : index, 1);
    if (item === undefined) break;
    const dependencyFailed = item.dependsOn.some((d) => (answers.get(d.toLowerCase())?.status ?? 500) >= 400);
    const answer = dependencyFailed ? failedDependency(item) : await run(item);
    if (answer === CONNECTION_RESET) return CONNECTION_RESET;
    answers.set(item.id.toLowerCase(), answer);
  }
  return items.map((item) => answers.get(item.id.toLowerCase()) ?? failedDependency(item));
}
