/**
 * The emulator's fault rules and the parts of its state the resilience proofs read
 * (contract v2: POST/DELETE /_emulator/faults, retryAfterViolations, faults.fired).
 */
import { httpsJson, type LocalStack } from './localStack';

export interface FaultRuleInput {
  id?: string;
  route: 'createSession' | 'refreshSession' | 'closeSession' | 'shares' | 'driveItem' | 'batch' | 'token' | 'any';
  kind: 'throttle' | 'unavailable' | 'gatewayTimeout' | 'latency' | 'reset';
  probability?: number;
  count?: number;
  retryAfterSeconds?: number;
  latencyMs?: number;
}

export interface ResilienceState {
  sessions: { id: string; workbook: { itemId: string }; userOid: string; status: 'open' | 'closed' | 'expired' }[];
  requests: { method: string; path: string; status: number; headers: Record<string, string> }[];
  retryAfterViolations: { at: string; method: string; path: string; userOid: string; notBefore: string }[];
  faults: { rules: FaultRuleInput[]; fired: Record<string, number> };
}

type Target = Pick<LocalStack, 'dispatcher' | 'emulatorUrl'>;

export async function setFaults(stack: Target, seed: number, rules: FaultRuleInput[]): Promise<void> {
  const res = await httpsJson(stack as LocalStack, `${stack.emulatorUrl}/_emulator/faults`, { method: 'POST', body: { seed, rules } });
  if (res.status !== 200) throw new Error(`faults: ${res.status} ${JSON.stringify(res.body)}`);
}

export async function clearFaults(stack: Target): Promise<void> {
  const res = await httpsJson(stack as LocalStack, `${stack.emulatorUrl}/_emulator/faults`, { method: 'DELETE' });
  if (res.status >= 300) throw new Error(`clear faults: ${res.status}`);
}

export async function resilienceState(stack: Target): Promise<ResilienceState> {
  const res = await httpsJson(stack as LocalStack, `${stack.emulatorUrl}/_emulator/state`);
  if (res.status !== 200) throw new Error(`state: ${res.status}`);
  return res.body as ResilienceState;
}
