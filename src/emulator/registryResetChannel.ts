/**
 * How the emulator process asks local mode's launcher to empty the middle tier's registry on
 * `POST /_emulator/reset`. The launcher owns both processes and spawns the emulator with an IPC
 * channel; the middle tier never learns about the emulator. One request, one answer, matched by id.
 */
import { randomUUID } from 'node:crypto';

export interface RegistryResetRequest {
  type: 'registry-reset';
  id: string;
}

export interface RegistryResetAnswer {
  type: 'registry-reset-done';
  id: string;
  /** What was done, for the emulator's log: emptied, or left alone (not local mode's own). */
  outcome: 'emptied' | 'notLocal';
  /** Set when emptying failed. */
  error?: string;
}

const ANSWER_TIMEOUT_MS = 60_000;

export function isRegistryResetRequest(value: unknown): value is RegistryResetRequest {
  return (
    typeof value === 'object' &&
    value !== null &&
    (value as { type?: unknown }).type === 'registry-reset' &&
    typeof (value as { id?: unknown }).id === 'string'
  );
}

function isAnswer(value: unknown, id: string): value is RegistryResetAnswer {
  if (typeof value !== 'object' || value === null) return false;
  const answer = value as Partial<RegistryResetAnswer>;
  return (
    answer.type === 'registry-reset-done' &&
    answer.id === id &&
    (answer.outcome === 'emptied' || answer.outcome === 'notLocal') &&
    (answer.error === undefined || typeof answer.error === 'string')
  );
}

/** In the emulator process: asks the launcher (the IPC parent) and waits for its answer. */
export function requestRegistryReset(processLike: NodeJS.Process = process): Promise<RegistryResetAnswer['outcome']> {
  const send = processLike.send?.bind(processLike);
  if (send === undefined) return Promise.reject(new Error('the emulator was not started by the local-mode launcher'));
  const id = randomUUID();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => finish(new Error(`the launcher did not answer within ${ANSWER_TIMEOUT_MS / 1000} s`)),
      ANSWER_TIMEOUT_MS,
    );
    const onMessage = (message: unknown): void => {
      if (!isAnswer(message, id)) return;
      if (message.error !== undefined) finish(new Error(message.error));
      else finish(undefined, message.outcome);
    };
    const finish = (error: Error | undefined, outcome?: RegistryResetAnswer['outcome']): void => {
      clearTimeout(timer);
      processLike.off('message', onMessage);
      if (error !== undefined || outcome === undefined) reject(error ?? new Error('no outcome'));
      else resolve(outcome);
    };
    processLike.on('message', onMessage);
    const request: RegistryResetRequest = { type: 'registry-reset', id };
    send(request);
  });
}
