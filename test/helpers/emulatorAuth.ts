/**
 * The emulator's Entra-side test controls (contract v2): mint valid and broken tokens, switch how
 * the token endpoint answers a user's on-behalf-of requests, rotate the signing keys, and read
 * the SSO token the Office host hands out (optionally after a claims challenge).
 */
import type { TokenRequest } from '../../src/emulator/control/controlInput';
import { httpsJson, type LocalStack } from './localStack';

/** The body of `POST /_emulator/tokens`, as the emulator validates it. */
export type TestTokenRequest = TokenRequest;

export type { EntraBehaviour } from '../../src/emulator/entra/EntraSwitchStore';
import type { EntraBehaviour } from '../../src/emulator/entra/EntraSwitchStore';

export async function mintTestToken(stack: LocalStack, spec: TestTokenRequest): Promise<string> {
  const res = await httpsJson(stack, `${stack.emulatorUrl}/_emulator/tokens`, { method: 'POST', body: spec });
  const token = (res.body as { token?: unknown } | undefined)?.token;
  if (res.status !== 200 || typeof token !== 'string') throw new Error(`mint token: ${res.status} ${JSON.stringify(res.body)}`);
  return token;
}

export async function setEntraBehaviour(stack: LocalStack, userOid: string, behaviour: EntraBehaviour): Promise<void> {
  const res = await httpsJson(stack, `${stack.emulatorUrl}/_emulator/users/${userOid}/entra`, { method: 'POST', body: { behaviour } });
  if (res.status < 200 || res.status > 299) throw new Error(`entra switch: ${res.status} ${JSON.stringify(res.body)}`);
}

export async function rotateSigningKeys(stack: LocalStack): Promise<void> {
  const res = await httpsJson(stack, `${stack.emulatorUrl}/_emulator/keys/rotate`, { method: 'POST', body: {} });
  if (res.status < 200 || res.status > 299) throw new Error(`rotate keys: ${res.status} ${JSON.stringify(res.body)}`);
}

/** What Office's getAccessToken would return; with `authChallenge` as after a claims challenge. */
export async function hostSsoToken(stack: LocalStack, options: { authChallenge?: string } = {}): Promise<string> {
  const res = await httpsJson(stack, `${stack.emulatorUrl}/_emulator/host/token`, { method: 'POST', body: options });
  const token = (res.body as { accessToken?: unknown } | undefined)?.accessToken;
  if (res.status !== 200 || typeof token !== 'string') throw new Error(`host token: ${res.status} ${JSON.stringify(res.body)}`);
  return token;
}
