/**
 * What the sign-in dialog page and the task pane say to each other. The pane opens
 * `dialog.html?<DialogRequest>`; the page answers once with `messageParent(<DialogAnswer JSON>)`.
 * Both sides validate what they read: the URL can be edited and a message can come from any page
 * the dialog navigated to.
 */
import { type MsalFailureKind } from '../msalFailure';

export const DIALOG_PAGE = 'dialog.html';
const PROTOCOL = 'workbook-sessions-sign-in/1';
/** Claims challenges are a few hundred characters; anything far larger is not one. */
export const MAX_CLAIMS_LENGTH = 4096;
const MAX_TOKEN_LENGTH = 16 * 1024;

export interface DialogRequest {
  /** `consent`: ask again for the Graph permissions the middle tier needs. */
  prompt?: 'consent' | 'select_account';
  /** A claims challenge (MFA, conditional access) to satisfy. */
  claims?: string;
  /** The account the user is already signed in with, offered first. */
  loginHint?: string;
}

export type DialogAnswer =
  { kind: 'token'; accessToken: string } | { kind: 'error'; failure: MsalFailureKind; code: string };

export function dialogUrl(origin: string, request: DialogRequest): string {
  const url = new URL(`/${DIALOG_PAGE}`, origin);
  if (request.prompt !== undefined) url.searchParams.set('prompt', request.prompt);
  if (request.claims !== undefined) url.searchParams.set('claims', request.claims);
  if (request.loginHint !== undefined) url.searchParams.set('login_hint', request.loginHint);
  return url.toString();
}

/** The request from the dialog page's query string; unknown or oversized values are dropped. */
export function readDialogRequest(search: string): DialogRequest {
  const params = new URLSearchParams(search);
  const request: DialogRequest = {};
  const prompt = params.get('prompt');
  if (prompt === 'consent' || prompt === 'select_account') request.prompt = prompt;
  const claims = params.get('claims');
  if (claims !== null && claims !== '' && claims.length <= MAX_CLAIMS_LENGTH && isJsonObject(claims))
    request.claims = claims;
  const loginHint = params.get('login_hint');
  if (loginHint !== null && /^[^\s<>"]{1,256}$/.test(loginHint)) request.loginHint = loginHint;
  return request;
}

export function encodeDialogAnswer(answer: DialogAnswer): string {
  return JSON.stringify({ protocol: PROTOCOL, ...answer });
}

const FAILURE_KINDS: ReadonlySet<string> = new Set<MsalFailureKind>([
  'interactionRequired',
  'cancelled',
  'adminConsentRequired',
  'network',
  'unavailable',
  'other',
]);

/** The answer in a dialog message, or undefined when the message is not one. */
export function parseDialogAnswer(message: string): DialogAnswer | undefined {
  let value: unknown;
  try {
    value = JSON.parse(message);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const v = value as Record<string, unknown>;
  if (v.protocol !== PROTOCOL) return undefined;
  if (
    v.kind === 'token' &&
    typeof v.accessToken === 'string' &&
    /^[A-Za-z0-9._~+/=-]+$/.test(v.accessToken) &&
    v.accessToken.length <= MAX_TOKEN_LENGTH
  ) {
    return { kind: 'token', accessToken: v.accessToken };
  }
  if (
    v.kind === 'error' &&
    typeof v.failure === 'string' &&
    FAILURE_KINDS.has(v.failure) &&
    typeof v.code === 'string' &&
    v.code.length <= 200
  ) {
    return { kind: 'error', failure: v.failure as MsalFailureKind, code: v.code };
  }
  return undefined;
}

function isJsonObject(text: string): boolean {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value);
  } catch {
    return false;
  }
}
