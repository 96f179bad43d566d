/**
 * Validation of the control API's JSON bodies. Each reader returns a typed value or throws a
 * 400 (Graph envelope, `invalidRequest`) naming the field.
 */
import { graphErrors } from '../graph/graphErrors';
import { isPlainObject, parseJson } from '../common/requestContext';
import { type TestTokenSpec } from '../entra/tokenClaims';
import { MAX_ASYNC_DELAY_MS, type AsyncCreateSettings } from '../graph/AsyncCreateStore';
import {
  type AppCredentialState,
  type EntraBehaviour,
  ENTRA_BEHAVIOURS,
  isEntraBehaviour,
} from '../entra/EntraSwitchStore';
import { type Sharing } from '../directory/seed';
import { isGuid } from '../../shared/guid';

const MAX_TOKEN_SECONDS = 10 * 365 * 24 * 3600;
const TOKEN_FIELDS = new Set([
  'userOid',
  'audience',
  'scopes',
  'lifetimeSeconds',
  'notBeforeSeconds',
  'tenantId',
  'signing',
  'issuer',
  'audienceValue',
  'mfa',
  'authorizedParty',
]);

export function objectBody(text: string, allowEmpty = false): Record<string, unknown> {
  if (allowEmpty && text.trim() === '') return {};
  const parsed = parseJson(text);
  if (!parsed.ok || !isPlainObject(parsed.value))
    throw graphErrors.invalidBody('The request body must be a JSON object.');
  return parsed.value;
}

export function readClockAdvance(text: string): number {
  const { seconds, ...rest } = objectBody(text);
  rejectUnknown(rest);
  if (typeof seconds !== 'number' || !Number.isFinite(seconds) || seconds < 0)
    throw graphErrors.invalidBody("'seconds' must be a number ≥ 0 (fractions allowed; the clock never goes back).");
  return seconds;
}

export function readEntraBehaviour(text: string): EntraBehaviour {
  const { behaviour, ...rest } = objectBody(text);
  rejectUnknown(rest);
  if (!isEntraBehaviour(behaviour))
    throw graphErrors.invalidBody(`'behaviour' must be one of ${ENTRA_BEHAVIOURS.join(', ')}.`);
  return behaviour;
}

/** `POST /_emulator/keys/rotate`: `{}` (rollover to the published next key) or `{"emergency": true}`. */
export function readKeyRotation(text: string): { emergency: boolean } {
  const { emergency, ...rest } = objectBody(text, true);
  rejectUnknown(rest);
  if (emergency !== undefined && typeof emergency !== 'boolean')
    throw graphErrors.invalidBody("'emergency' must be a boolean.");
  return { emergency: emergency === true };
}

export function readAppState(text: string): AppCredentialState {
  const { clientSecretExpired, ...rest } = objectBody(text);
  rejectUnknown(rest);
  if (typeof clientSecretExpired !== 'boolean')
    throw graphErrors.invalidBody("'clientSecretExpired' must be a boolean.");
  return { clientSecretExpired };
}

/** `{"sharedWith": "tenant" | [oid, …]}`: every oid must be a user the emulator knows. */
export function readSharing(text: string, isKnownUser: (oid: string) => boolean): Sharing {
  const { sharedWith, ...rest } = objectBody(text);
  rejectUnknown(rest);
  if (sharedWith === 'tenant') return 'tenant';
  if (!Array.isArray(sharedWith) || sharedWith.length > 100 || !sharedWith.every((oid): oid is string => isGuid(oid))) {
    throw graphErrors.invalidBody('\'sharedWith\' must be "tenant" or an array of user oids (GUIDs).');
  }
  const unknown = sharedWith.find((oid) => !isKnownUser(oid));
  if (unknown !== undefined)
    throw graphErrors.invalidBody(`'sharedWith' names ${unknown}, who is not a user of the emulator.`);
  return sharedWith;
}

export function readAsyncCreateSettings(text: string): AsyncCreateSettings {
  const { delayMs, outcome, ...rest } = objectBody(text);
  rejectUnknown(rest);
  if (typeof delayMs !== 'number' || !Number.isInteger(delayMs) || delayMs < 0 || delayMs > MAX_ASYNC_DELAY_MS) {
    throw graphErrors.invalidBody(`'delayMs' must be an integer from 0 to ${MAX_ASYNC_DELAY_MS}.`);
  }
  if (outcome !== undefined && outcome !== 'succeeded' && outcome !== 'failed')
    throw graphErrors.invalidBody("'outcome' must be 'succeeded' or 'failed'.");
  return { delayMs, outcome: outcome ?? 'succeeded' };
}

/** `POST /_emulator/tokens`; the user is looked up by the caller (unknown oids get placeholder names). */
export type TokenRequest = Omit<TestTokenSpec, 'user'> & { userOid: string };

export function readTokenRequest(text: string): TokenRequest {
  const body = objectBody(text);
  const unknown = Object.keys(body).find((k) => !TOKEN_FIELDS.has(k));
  if (unknown !== undefined) throw graphErrors.invalidBody(`Unknown property '${unknown}'.`);
  const {
    userOid,
    audience,
    scopes,
    lifetimeSeconds,
    notBeforeSeconds,
    tenantId,
    signing,
    issuer,
    audienceValue,
    mfa,
    authorizedParty,
  } = body;
  if (!isGuid(userOid)) throw graphErrors.invalidBody("'userOid' must be a GUID.");
  if (audience !== 'addin' && audience !== 'graph')
    throw graphErrors.invalidBody("'audience' must be 'addin' (an SSO token) or 'graph'.");
  const request: TokenRequest = { userOid, audience };
  if (scopes !== undefined) {
    if (
      !Array.isArray(scopes) ||
      scopes.length > 50 ||
      !scopes.every((s): s is string => typeof s === 'string' && /^\S{1,200}$/.test(s))
    ) {
      throw graphErrors.invalidBody("'scopes' must be an array of scope names without spaces (may be empty).");
    }
    request.scopes = scopes;
  }
  if (lifetimeSeconds !== undefined)
    request.lifetimeSeconds = integerIn(lifetimeSeconds, 'lifetimeSeconds', -MAX_TOKEN_SECONDS, MAX_TOKEN_SECONDS);
  if (notBeforeSeconds !== undefined)
    request.notBeforeSeconds = integerIn(notBeforeSeconds, 'notBeforeSeconds', 0, MAX_TOKEN_SECONDS);
  if (tenantId !== undefined) {
    if (!isGuid(tenantId)) throw graphErrors.invalidBody("'tenantId' must be a GUID.");
    request.tenantId = tenantId;
  }
  if (signing !== undefined) {
    if (signing !== 'issuer' && signing !== 'unknownKey' && signing !== 'none')
      throw graphErrors.invalidBody("'signing' must be 'issuer', 'unknownKey' or 'none'.");
    request.signing = signing;
  }
  if (issuer !== undefined) request.issuer = shortString(issuer, 'issuer');
  if (audienceValue !== undefined) request.audienceValue = shortString(audienceValue, 'audienceValue');
  if (mfa !== undefined) {
    if (typeof mfa !== 'boolean') throw graphErrors.invalidBody("'mfa' must be a boolean.");
    request.mfa = mfa;
  }
  if (authorizedParty !== undefined) {
    if (audience !== 'addin')
      throw graphErrors.invalidBody("'authorizedParty' applies only to SSO tokens (audience 'addin').");
    if (!isGuid(authorizedParty)) throw graphErrors.invalidBody("'authorizedParty' must be a client id (GUID).");
    request.authorizedParty = authorizedParty;
  }
  return request;
}

function integerIn(value: unknown, name: string, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max)
    throw graphErrors.invalidBody(`'${name}' must be an integer from ${min} to ${max}.`);
  return value;
}

function shortString(value: unknown, name: string): string {
  if (typeof value !== 'string' || value.length === 0 || value.length > 500)
    throw graphErrors.invalidBody(`'${name}' must be a string of 1-500 characters.`);
  return value;
}

function rejectUnknown(rest: Record<string, unknown>): void {
  const unknown = Object.keys(rest)[0];
  if (unknown !== undefined) throw graphErrors.invalidBody(`Unknown property '${unknown}'.`);
}
