/**
 * The `claims` parameter of a token request, as msal sends it: a JSON object whose
 * `access_token` member asks for claims in the access token. The emulator acts on two of them
 * (https://learn.microsoft.com/en-us/entra/identity-platform/claims-challenge):
 *
 *  - `xms_cc.values`: the client capabilities the app declares (`cp1`: it handles claims
 *    challenges); they go into the token's `xms_cc`, and Graph challenges only such tokens;
 *  - `nbf.value` (essential): the answer to a continuous access evaluation challenge, "a token
 *    issued after this moment".
 *
 * Other members (`polids`, `acrs`, …) are accepted and ignored, as Entra ignores claims it does
 * not act on for this request.
 */
import { entraErrors } from './entraErrors';

export interface ClaimsRequest {
  capabilities: string[];
  /** Epoch seconds the token must not be issued before. */
  notBeforeSeconds?: number;
}

const MAX_CLAIMS_LENGTH = 8 * 1024;
const MAX_CAPABILITIES = 10;
const CAPABILITY = /^[A-Za-z0-9_-]{1,32}$/;

export function readClaimsRequest(value: string | null): ClaimsRequest {
  if (value === null || value === '') return { capabilities: [] };
  const invalid = (detail: string) => entraErrors.invalidParameter('claims', detail);
  if (value.length > MAX_CLAIMS_LENGTH) throw invalid('it is too long.');
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    throw invalid('it must be a JSON object.');
  }
  if (!isObject(parsed)) throw invalid('it must be a JSON object.');
  const accessToken = parsed.access_token;
  if (accessToken === undefined || accessToken === null) return { capabilities: [] };
  if (!isObject(accessToken)) throw invalid("'access_token' must be an object.");
  const request: ClaimsRequest = { capabilities: readCapabilities(accessToken.xms_cc, invalid) };
  const nbf = accessToken.nbf;
  if (nbf !== undefined && nbf !== null) {
    const seconds =
      isObject(nbf) && typeof nbf.value === 'string' && /^\d{1,12}$/.test(nbf.value) ? Number(nbf.value) : undefined;
    if (seconds === undefined)
      throw invalid('\'access_token.nbf\' must be {"essential": true, "value": "<epoch seconds>"}.');
    request.notBeforeSeconds = seconds;
  }
  return request;
}

function readCapabilities(xmsCc: unknown, invalid: (detail: string) => Error): string[] {
  if (xmsCc === undefined || xmsCc === null) return [];
  const values = isObject(xmsCc) ? xmsCc.values : undefined;
  if (
    !Array.isArray(values) ||
    values.length > MAX_CAPABILITIES ||
    !values.every((v): v is string => typeof v === 'string' && CAPABILITY.test(v))
  ) {
    throw invalid('\'access_token.xms_cc\' must be {"values": ["cp1", …]}.');
  }
  return [...new Set(values)];
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
