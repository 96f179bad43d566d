/**
 * The middle tier's session API as a test client uses it, over HTTPS with the stack's CA:
 * open many sessions (a few requests at a time), list, close many.
 */
import type { CloseManyResponse, ListSessionsResponse, SessionResponse, SessionView } from '../../src/shared/api';
import { type ApiErrorEnvelope, parseApiErrorEnvelope } from '../../src/shared/errors';
import { httpsJson, type LocalStack } from './localStack';

type Target = Pick<LocalStack, 'dispatcher' | 'addinUrl'>;

export function apiCall(stack: Target, token: string, path: string, init: { method?: string; body?: unknown } = {}) {
  return httpsJson(stack as LocalStack, `${stack.addinUrl}${path}`, {
    ...init,
    headers: { authorization: `Bearer ${token}` },
  });
}

/** The error of an API answer's body; throws when the body is not the error envelope. */
export function errorEnvelopeOf(body: unknown): ApiErrorEnvelope['error'] {
  const parsed = parseApiErrorEnvelope(body);
  if (parsed === undefined) throw new Error(`not an error envelope: ${JSON.stringify(body)}`);
  return parsed.error;
}

/** Opens `count` sessions on each workbook (by ids), `parallel` requests at a time; returns their ids in order. */
export async function openSessions(
  stack: Target,
  token: string,
  workbooks: readonly { driveId: string; itemId: string }[],
  count: number,
  parallel = 8,
): Promise<string[]> {
  const jobs = workbooks.flatMap((wb) => Array.from({ length: count }, () => wb));
  const ids: string[] = new Array<string>(jobs.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    for (let i = next++; i < jobs.length; i = next++) {
      const wb = jobs[i];
      if (wb === undefined) return;
      const res = await apiCall(stack, token, '/api/sessions', {
        method: 'POST',
        body: { driveId: wb.driveId, itemId: wb.itemId, persistChanges: true },
      });
      if (res.status !== 201) throw new Error(`open: ${res.status} ${JSON.stringify(res.body)}`);
      ids[i] = (res.body as SessionResponse).session.id;
    }
  };
  await Promise.all(Array.from({ length: parallel }, worker));
  return ids;
}

export async function listSessions(stack: Target, token: string): Promise<SessionView[]> {
  const res = await apiCall(stack, token, '/api/sessions');
  if (res.status !== 200) throw new Error(`list: ${res.status} ${JSON.stringify(res.body)}`);
  return (res.body as ListSessionsResponse).sessions;
}

export async function closeMany(stack: Target, token: string, ids: readonly string[]): Promise<CloseManyResponse> {
  const res = await apiCall(stack, token, '/api/sessions/close', { method: 'POST', body: { ids } });
  if (res.status !== 200) throw new Error(`close many: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as CloseManyResponse;
}
