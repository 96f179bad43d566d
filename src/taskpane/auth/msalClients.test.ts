/**
 * The MSAL chunk's nested-app-authentication client on real MSAL.js, talking to a scripted
 * `window.nestedAppAuthBridge` (the Office host boundary): each bridge error Office's broker can
 * answer becomes MSAL's own error class, and the pane's decision.
 */
import { createNestedAppAuthClient } from './msalClients';
import { msalFailureOf, type MsalFailure } from './msalFailure';

const CONFIG = {
  clientId: 'c0ffee00-1d2e-4f3a-9b8c-7d6e5f4a3b2c',
  authority: 'https://login.microsoftonline.com/organizations',
  apiScope: 'api://addin.contoso.com/c0ffee00-1d2e-4f3a-9b8c-7d6e5f4a3b2c/access_as_user',
  graphScopes: ['https://graph.microsoft.com/Files.ReadWrite'],
};
const ORIGIN = 'https://addin.contoso.com';

type BridgeAnswer = Record<string, unknown>;
type BridgeWindow = Window & { nestedAppAuthBridge?: unknown };

/** Answers GetInitContext like Office, and token requests with `tokenAnswer`. */
function installBridge(tokenAnswer: (method: string) => BridgeAnswer): string[] {
  const methods: string[] = [];
  const listeners = new Set<(response: string) => void>();
  (window as BridgeWindow).nestedAppAuthBridge = {
    addEventListener: (name: string, listener: (response: string) => void) =>
      name === 'message' && listeners.add(listener),
    removeEventListener: (name: string, listener: (response: string) => void) => listeners.delete(listener),
    postMessage(message: string) {
      const request = JSON.parse(message) as { requestId: string; method: string };
      methods.push(request.method);
      const answer =
        request.method === 'GetInitContext'
          ? {
              success: true,
              initContext: { sdkName: 'test-host', sdkVersion: '1.0.0', capabilities: { queryAccount: false } },
            }
          : tokenAnswer(request.method);
      const text = JSON.stringify({ messageType: 'NestedAppAuthResponse', requestId: request.requestId, ...answer });
      setTimeout(() => listeners.forEach((listener) => listener(text)), 0);
    },
  };
  return methods;
}

afterEach(() => {
  delete (window as BridgeWindow).nestedAppAuthBridge;
});

async function silentFailure(error: Record<string, unknown>): Promise<MsalFailure> {
  installBridge(() => ({ success: false, error }));
  const client = await createNestedAppAuthClient(CONFIG, ORIGIN);
  return msalFailureOf(await client.acquireSilent({ scopes: [CONFIG.apiScope] }).catch((e: unknown) => e));
}

describe('nested app authentication on MSAL.js: bridge errors → MSAL’s classes → the pane’s decision', () => {
  it.each([
    [
      'USER_INTERACTION_REQUIRED with an empty code',
      { status: 'USER_INTERACTION_REQUIRED', code: '', description: 'No token for this account.' },
      { kind: 'interactionRequired', code: 'InteractionRequiredAuthError' },
    ],
    [
      'USER_INTERACTION_REQUIRED without a code',
      { status: 'USER_INTERACTION_REQUIRED' },
      { kind: 'interactionRequired', code: 'InteractionRequiredAuthError' },
    ],
    [
      'USER_INTERACTION_REQUIRED with Entra’s invalid_grant (consent)',
      {
        status: 'USER_INTERACTION_REQUIRED',
        code: 'invalid_grant',
        subError: 'consent_required',
        description: 'AADSTS65001: …',
      },
      { kind: 'interactionRequired', code: 'invalid_grant' },
    ],
    ['USER_CANCEL', { status: 'USER_CANCEL' }, { kind: 'cancelled', code: 'user_canceled' }],
    ['NO_NETWORK', { status: 'NO_NETWORK' }, { kind: 'network', code: 'no_network_connectivity' }],
    [
      'ACCOUNT_UNAVAILABLE',
      { status: 'ACCOUNT_UNAVAILABLE' },
      { kind: 'interactionRequired', code: 'no_account_found' },
    ],
    ['DISABLED', { status: 'DISABLED' }, { kind: 'unavailable', code: 'nested_app_auth_bridge_disabled' }],
    [
      'NESTED_APP_AUTH_UNAVAILABLE without a code',
      { status: 'NESTED_APP_AUTH_UNAVAILABLE' },
      { kind: 'unavailable', code: 'nested_app_auth_bridge_disabled' },
    ],
    [
      'PERSISTENT_ERROR AADSTS90094',
      { status: 'PERSISTENT_ERROR', code: 'AADSTS90094', description: 'AADSTS90094: …' },
      { kind: 'adminConsentRequired', code: 'AADSTS90094' },
    ],
    [
      'PERSISTENT_ERROR invalid_scope',
      { status: 'PERSISTENT_ERROR', code: 'invalid_scope' },
      { kind: 'other', code: 'invalid_scope' },
    ],
    [
      'TRANSIENT_ERROR with an empty code',
      { status: 'TRANSIENT_ERROR', code: '' },
      { kind: 'other', code: 'ServerError' },
    ],
    [
      'a status this MSAL does not know',
      { status: 'SOMETHING_NEW', code: 'x_code' },
      { kind: 'other', code: 'x_code' },
    ],
  ])('silent, %s', async (_name, error, failure) => {
    expect(await silentFailure(error)).toEqual(failure);
  });

  it('interactive failures come back the same way (USER_CANCEL from Office’s prompt)', async () => {
    const methods = installBridge(() => ({ success: false, error: { status: 'USER_CANCEL' } }));
    const client = await createNestedAppAuthClient(CONFIG, ORIGIN);
    expect(
      msalFailureOf(await client.acquireInteractive({ scopes: [CONFIG.apiScope] }).catch((e: unknown) => e)),
    ).toEqual({ kind: 'cancelled', code: 'user_canceled' });
    expect(methods).toEqual(['GetInitContext', 'GetTokenPopup']);
  });
});
