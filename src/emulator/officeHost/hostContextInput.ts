/**
 * Validation of the dev host's input (`POST /_emulator/host/context`) and of the Office
 * host's token request (`POST /_emulator/host/token`). Each returns a typed value or throws a
 * Graph-envelope 400 naming the field.
 */
import { graphErrors } from '../graph/graphErrors';
import { isPlainObject, parseJson } from '../common/requestContext';
import { DISPLAY_LANGUAGES, type DisplayLanguage } from '../directory/seed';
import { type DirectoryStore } from '../directory/DirectoryStore';
import {
  DOCUMENT_LOCATIONS,
  type DocumentLocation,
  HOST_CONTEXT_DEFAULTS,
  type HostContext,
  isSsoBehaviour,
  MAX_DOCUMENT_URL_DELAY_MS,
  NESTED_APP_AUTH_BEHAVIOURS,
  type NestedAppAuthBehaviour,
} from './HostContextStore';

/** The body of `POST /_emulator/host/context`: choices left out take their defaults. */
export type HostContextInput = Pick<HostContext, 'userOid' | 'workbookItemId'> &
  Partial<Omit<HostContext, 'userOid' | 'workbookItemId'>>;

export interface TokenRequestOptions {
  allowSignInPrompt: boolean;
  allowConsentPrompt: boolean;
  forMSGraphAccess: boolean;
  authChallenge?: string;
}

const MAX_AUTH_CHALLENGE = 4096;

function objectBody(text: string): Record<string, unknown> {
  const parsed = text.trim() === '' ? { ok: true as const, value: {} } : parseJson(text);
  if (!parsed.ok || !isPlainObject(parsed.value))
    throw graphErrors.invalidBody('The request body is not a JSON object.');
  return parsed.value;
}

export function readHostContext(text: string, directory: DirectoryStore): HostContext {
  const body = objectBody(text);
  const {
    userOid,
    workbookItemId,
    displayLanguage,
    ssoBehaviour,
    nestedAppAuth,
    graphScopesConsented,
    documentLocation,
    documentUrlDelayMs,
    nestedAppAuthBehaviour,
  } = body;
  if (typeof userOid !== 'string') throw graphErrors.invalidBody("'userOid' must be the oid of a seeded user.");
  const user = directory.findUser(userOid);
  if (user === undefined) throw graphErrors.invalidBody(`'userOid' ${userOid} is not a user of this tenant.`);
  if (workbookItemId !== null && typeof workbookItemId !== 'string') {
    throw graphErrors.invalidBody("'workbookItemId' must be a workbook's item id, or null for an unsaved workbook.");
  }
  if (typeof workbookItemId === 'string' && directory.findWorkbookByItemId(workbookItemId) === undefined) {
    throw graphErrors.invalidBody(`'workbookItemId' ${workbookItemId} is not a workbook of this tenant.`);
  }
  if (displayLanguage !== undefined && !DISPLAY_LANGUAGES.includes(displayLanguage as DisplayLanguage)) {
    throw graphErrors.invalidBody(`'displayLanguage' must be one of ${DISPLAY_LANGUAGES.join(', ')}.`);
  }
  if (ssoBehaviour !== undefined && !isSsoBehaviour(ssoBehaviour)) {
    throw graphErrors.invalidBody(
      "'ssoBehaviour' must be 'ok' or one of the Office SSO error codes the emulator supports.",
    );
  }
  if (nestedAppAuth !== undefined && typeof nestedAppAuth !== 'boolean')
    throw graphErrors.invalidBody("'nestedAppAuth' must be a boolean.");
  if (graphScopesConsented !== undefined && typeof graphScopesConsented !== 'boolean')
    throw graphErrors.invalidBody("'graphScopesConsented' must be a boolean.");
  if (
    nestedAppAuthBehaviour !== undefined &&
    !(NESTED_APP_AUTH_BEHAVIOURS as readonly unknown[]).includes(nestedAppAuthBehaviour)
  ) {
    throw graphErrors.invalidBody(`'nestedAppAuthBehaviour' must be one of ${NESTED_APP_AUTH_BEHAVIOURS.join(', ')}.`);
  }
  if (documentLocation !== undefined && !DOCUMENT_LOCATIONS.includes(documentLocation as DocumentLocation)) {
    throw graphErrors.invalidBody(`'documentLocation' must be one of ${DOCUMENT_LOCATIONS.join(', ')}.`);
  }
  if (
    documentUrlDelayMs !== undefined &&
    (typeof documentUrlDelayMs !== 'number' ||
      !Number.isInteger(documentUrlDelayMs) ||
      documentUrlDelayMs < 0 ||
      documentUrlDelayMs > MAX_DOCUMENT_URL_DELAY_MS)
  ) {
    throw graphErrors.invalidBody(`'documentUrlDelayMs' must be an integer from 0 to ${MAX_DOCUMENT_URL_DELAY_MS}.`);
  }
  // Choices left out take their defaults (not the previous value): a POST describes the whole host.
  return {
    userOid,
    workbookItemId,
    displayLanguage: (displayLanguage as DisplayLanguage | undefined) ?? user.preferredLanguage,
    ssoBehaviour: ssoBehaviour ?? 'ok',
    nestedAppAuth: nestedAppAuth ?? HOST_CONTEXT_DEFAULTS.nestedAppAuth,
    graphScopesConsented: graphScopesConsented ?? HOST_CONTEXT_DEFAULTS.graphScopesConsented,
    documentLocation: (documentLocation as DocumentLocation | undefined) ?? HOST_CONTEXT_DEFAULTS.documentLocation,
    documentUrlDelayMs: (documentUrlDelayMs as number | undefined) ?? HOST_CONTEXT_DEFAULTS.documentUrlDelayMs,
    nestedAppAuthBehaviour:
      (nestedAppAuthBehaviour as NestedAppAuthBehaviour | undefined) ?? HOST_CONTEXT_DEFAULTS.nestedAppAuthBehaviour,
  };
}

export function readTokenRequest(text: string): TokenRequestOptions {
  const body = objectBody(text);
  const flag = (name: 'allowSignInPrompt' | 'allowConsentPrompt' | 'forMSGraphAccess'): boolean => {
    const value = body[name];
    if (value === undefined) return false;
    if (typeof value !== 'boolean') throw graphErrors.invalidBody(`'${name}' must be a boolean.`);
    return value;
  };
  const options: TokenRequestOptions = {
    allowSignInPrompt: flag('allowSignInPrompt'),
    allowConsentPrompt: flag('allowConsentPrompt'),
    forMSGraphAccess: flag('forMSGraphAccess'),
  };
  const challenge = body.authChallenge;
  if (challenge !== undefined) {
    if (typeof challenge !== 'string' || challenge.length > MAX_AUTH_CHALLENGE)
      throw graphErrors.invalidBody(`'authChallenge' must be a string of at most ${MAX_AUTH_CHALLENGE} characters.`);
    options.authChallenge = challenge;
  }
  return options;
}
