/**
 * MSAL.js's own error objects (built with MSAL's exported classes and code constants, as MSAL
 * builds them) reduced to the pane's decisions.
 */
import {
  AuthError,
  BrowserAuthError,
  BrowserAuthErrorCodes,
  ClientAuthError,
  ClientAuthErrorCodes,
  ClientConfigurationError,
  InteractionRequiredAuthError,
  InteractionRequiredAuthErrorCodes,
  ServerError,
} from '@azure/msal-browser';
import { classifiedMsalCall, classifyMsalError } from './msalErrors';
import { type MsalFailureKind, MsalFailureError, msalFailureOf } from './msalFailure';

const CORRELATION_ID = '5c2a1f6e-8f0b-4d7c-9b0e-2f4d6a8c0e12';
const kindOf = (error: unknown): MsalFailureKind => classifyMsalError(error).kind;

describe('classifyMsalError: by MSAL’s classes and codes', () => {
  it.each([
    InteractionRequiredAuthErrorCodes.noTokensFound,
    InteractionRequiredAuthErrorCodes.nativeAccountUnavailable,
    InteractionRequiredAuthErrorCodes.refreshTokenExpired,
    InteractionRequiredAuthErrorCodes.uiNotAllowed,
    InteractionRequiredAuthErrorCodes.interactionRequired,
    InteractionRequiredAuthErrorCodes.consentRequired,
    InteractionRequiredAuthErrorCodes.loginRequired,
    InteractionRequiredAuthErrorCodes.badToken,
    InteractionRequiredAuthErrorCodes.interruptedUser,
  ])('InteractionRequiredAuthError %s → interactionRequired', (code) => {
    expect(classifyMsalError(new InteractionRequiredAuthError(code, CORRELATION_ID))).toEqual({
      kind: 'interactionRequired',
      code,
    });
  });

  it('an InteractionRequiredAuthError with a code MSAL does not list is still interaction required (Entra’s invalid_grant + consent_required)', () => {
    expect(
      classifyMsalError(
        new InteractionRequiredAuthError('invalid_grant', CORRELATION_ID, 'AADSTS65001: …', 'consent_required'),
      ),
    ).toEqual({ kind: 'interactionRequired', code: 'invalid_grant' });
    expect(kindOf(new InteractionRequiredAuthError('some_future_code', CORRELATION_ID))).toBe('interactionRequired');
  });

  it('an InteractionRequiredAuthError with an empty code (Office’s bridge sent none) → interactionRequired, reported by its class', () => {
    expect(classifyMsalError(new InteractionRequiredAuthError('', CORRELATION_ID))).toEqual({
      kind: 'interactionRequired',
      code: 'InteractionRequiredAuthError',
    });
  });

  it.each([
    [BrowserAuthErrorCodes.userCancelled, 'cancelled'],
    [BrowserAuthErrorCodes.noNetworkConnectivity, 'network'],
    [BrowserAuthErrorCodes.postRequestFailed, 'network'],
    [BrowserAuthErrorCodes.getRequestFailed, 'network'],
    [BrowserAuthErrorCodes.popupWindowError, 'other'],
    [BrowserAuthErrorCodes.emptyWindowError, 'other'],
    [BrowserAuthErrorCodes.interactionInProgress, 'other'],
    [BrowserAuthErrorCodes.timedOut, 'other'],
    ['a_future_browser_code', 'other'],
  ] as const)('BrowserAuthError %s → %s', (code, kind) => {
    expect(classifyMsalError(new BrowserAuthError(code, CORRELATION_ID))).toEqual({ kind, code });
  });

  it.each([
    [ClientAuthErrorCodes.userCanceled, 'cancelled'],
    [ClientAuthErrorCodes.noNetworkConnectivity, 'network'],
    [ClientAuthErrorCodes.networkError, 'network'],
    [ClientAuthErrorCodes.noAccountFound, 'interactionRequired'],
    [ClientAuthErrorCodes.noAccountInSilentRequest, 'interactionRequired'],
    [ClientAuthErrorCodes.nestedAppAuthBridgeDisabled, 'unavailable'],
    [ClientAuthErrorCodes.stateMismatch, 'other'],
    ['a_future_client_code', 'other'],
  ] as const)('ClientAuthError %s → %s', (code, kind) => {
    expect(classifyMsalError(new ClientAuthError(code, CORRELATION_ID))).toEqual({ kind, code });
  });

  it.each([
    ['access_denied', '90094', 'adminConsentRequired'],
    ['access_denied', '90095', 'adminConsentRequired'],
    ['access_denied', '65004', 'cancelled'],
    ['AADSTS90094', undefined, 'adminConsentRequired'],
    ['invalid_scope', '70011', 'other'],
    ['temporarily_unavailable', undefined, 'other'],
    ['', undefined, 'other'],
  ] as const)('ServerError %s (errorNo %s) → %s', (code, errorNo, kind) => {
    expect(kindOf(new ServerError(code, CORRELATION_ID, 'AADSTS…', '', errorNo))).toBe(kind);
  });

  it('an InteractionRequiredAuthError carrying AADSTS90094 → adminConsentRequired', () => {
    expect(
      kindOf(
        new InteractionRequiredAuthError(
          'access_denied',
          CORRELATION_ID,
          'AADSTS90094',
          'consent_required',
          '',
          '',
          '',
          '90094',
        ),
      ),
    ).toBe('adminConsentRequired');
  });

  it('other MSAL errors (AuthError, ClientConfigurationError) and non-MSAL errors → other', () => {
    expect(classifyMsalError(new AuthError('unknown_error', CORRELATION_ID))).toEqual({
      kind: 'other',
      code: 'unknown_error',
    });
    expect(classifyMsalError(new ClientConfigurationError('invalid_authority_type', CORRELATION_ID))).toEqual({
      kind: 'other',
      code: 'invalid_authority_type',
    });
    expect(classifyMsalError(new TypeError('Failed to fetch'))).toEqual({ kind: 'other', code: 'TypeError' });
    expect(classifyMsalError('consent_required')).toEqual({ kind: 'other', code: 'unknown_error' });
  });

  it('classifies by class, never by the shape or the message of an error', () => {
    expect(kindOf(Object.assign(new Error('consent_required'), { errorCode: 'consent_required' }))).toBe('other');
    expect(kindOf(new AuthError('interaction_required', CORRELATION_ID, 'consent_required AADSTS90094'))).toBe('other');
  });
});

describe('classifiedMsalCall: MSAL failures leave the MSAL chunk as plain data', () => {
  it('rejects with MsalFailureError carrying the classification; results pass through', async () => {
    const failed = await classifiedMsalCall(() =>
      Promise.reject(new ClientAuthError(ClientAuthErrorCodes.userCanceled, CORRELATION_ID)),
    ).catch((e: unknown) => e);
    expect(failed).toBeInstanceOf(MsalFailureError);
    expect(msalFailureOf(failed)).toEqual({ kind: 'cancelled', code: 'user_canceled' });
    await expect(classifiedMsalCall(() => Promise.resolve('token'))).resolves.toBe('token');
  });

  it('msalFailureOf: an error that did not come through the MSAL chunk is other', () => {
    expect(msalFailureOf(new TypeError('x'))).toEqual({ kind: 'other', code: 'TypeError' });
    expect(msalFailureOf(undefined)).toEqual({ kind: 'other', code: 'unknown_error' });
  });
});
