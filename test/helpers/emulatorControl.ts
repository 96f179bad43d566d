/**
 * What a test does through the emulator's control API: pick the dev host's user and workbook,
 * get the SSO token Office would hand the task pane, read the emulator's state.
 */
import { httpsJson, type LocalStack } from './localStack';

export interface EmulatorSessionState {
  id: string;
  workbook: { driveId: string; itemId: string; name: string };
  userOid: string;
  persistChanges: boolean;
  status: 'open' | 'closed' | 'expired';
}

export interface EmulatorRequestLogEntry {
  method: string;
  path: string;
  status: number;
  headers: Record<string, string>;
}

export interface EmulatorState {
  sessions: EmulatorSessionState[];
  requests: EmulatorRequestLogEntry[];
}

export async function chooseHostContext(stack: LocalStack, userOid: string, workbookItemId: string | null, displayLanguage?: 'en-US' | 'es-ES'): Promise<void> {
  const res = await httpsJson(stack, `${stack.emulatorUrl}/_emulator/host/context`, {
    method: 'POST',
    body: { userOid, workbookItemId, ...(displayLanguage ? { displayLanguage } : {}) },
  });
  if (res.status !== 200) throw new Error(`host context: ${res.status} ${JSON.stringify(res.body)}`);
}

/** The SSO token Office would return to the task pane for the dev host's current user. */
export async function ssoTokenFor(stack: LocalStack, userOid: string): Promise<string> {
  await chooseHostContext(stack, userOid, null);
  const res = await httpsJson(stack, `${stack.emulatorUrl}/_emulator/host/token`, { method: 'POST', body: {} });
  const token = (res.body as { accessToken?: unknown }).accessToken;
  if (res.status !== 200 || typeof token !== 'string') throw new Error(`host token: ${res.status} ${JSON.stringify(res.body)}`);
  return token;
}

export async function emulatorState(stack: LocalStack): Promise<EmulatorState> {
  const res = await httpsJson(stack, `${stack.emulatorUrl}/_emulator/state`);
  if (res.status !== 200) throw new Error(`state: ${res.status}`);
  return res.body as EmulatorState;
}
