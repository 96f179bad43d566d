/**
 * `window.nestedAppAuthBridge` for the emulated host: the object MSAL.js's nestable client talks
 * to (see @azure/msal-browser's naa/BridgeProxy: it adds a "message" listener, then posts JSON
 * `NestedAppAuthRequest` envelopes — GetInitContext, GetToken, GetTokenPopup — and matches
 * `NestedAppAuthResponse` envelopes by `requestId`). Token requests go to the emulator's broker
 * (`/_emulator/host/naa/*`); an interactive one opens the broker's prompt in a popup window, as
 * Office on the web opens its own window, and waits until the user answers or closes it.
 */
import { callEmulator, type FetchLike } from './emulatorFetch';

export interface AuthBridge {
  addEventListener(eventName: string, callback: (response: string) => void): void;
  removeEventListener(eventName: string, callback: (response: string) => void): void;
  postMessage(message: string): void;
}

export interface NaaBridgePlatform {
  emulatorOrigin: string;
  fetch: FetchLike;
  openWindow(url: string, name: string, features: string): { closed: boolean; close(): void } | null;
  onMessage(listener: (event: { data: unknown; origin: string }) => void): () => void;
  every(ms: number, tick: () => void): () => void;
  warn(message: string): void;
}

type Envelope = Record<string, unknown> & { messageType: 'NestedAppAuthResponse'; requestId: string; success: boolean };

const POPUP_POLL_MS = 300;
const NAA_API = '/_emulator/host/naa';

export function createNestedAppAuthBridge(platform: NaaBridgePlatform): AuthBridge {
  const listeners = new Set<(response: string) => void>();
  const respond = (envelope: Envelope): void => {
    const text = JSON.stringify(envelope);
    for (const listener of [...listeners]) listener(text);
  };

  async function post(path: string, body: unknown): Promise<Record<string, unknown>> {
    const answer = await callEmulator(platform.fetch, `${platform.emulatorOrigin}${NAA_API}${path}`, body);
    if (typeof answer !== 'object' || answer === null) throw new Error('not an object');
    return answer as Record<string, unknown>;
  }

  /** A broker answer `{success, result|error}` as MSAL's response envelope. */
  function envelopeOf(requestId: string, answer: Record<string, unknown>): Envelope {
    const base = { messageType: 'NestedAppAuthResponse' as const, requestId };
    if (answer.success === true && typeof answer.result === 'object' && answer.result !== null) {
      const { token, account } = answer.result as { token?: unknown; account?: unknown };
      return { ...base, success: true, token, account };
    }
    return { ...base, success: false, error: answer.error ?? { status: 'PERSISTENT_ERROR', code: 'unknown_error' } };
  }

  function waitForPrompt(promptId: string, popup: { closed: boolean }): Promise<void> {
    return new Promise((resolve) => {
      let done = false;
      const finish = (): void => {
        if (done) return;
        done = true;
        stopListening();
        stopPolling();
        resolve();
      };
      const stopListening = platform.onMessage((event) => {
        if (event.origin !== platform.emulatorOrigin) return;
        const data = event.data as { officeEmulatorNaaPrompt?: unknown } | null;
        if (typeof data === 'object' && data !== null && data.officeEmulatorNaaPrompt === promptId) finish();
      });
      const stopPolling = platform.every(POPUP_POLL_MS, () => {
        if (popup.closed) finish();
      });
    });
  }

  async function interactive(requestId: string, params: Record<string, unknown>): Promise<Envelope> {
    const started = await post('/prompts', params);
    if (typeof started.promptId !== 'string' || typeof started.promptUrl !== 'string')
      return envelopeOf(requestId, { success: false, error: started.error });
    const popup = platform.openWindow(started.promptUrl, 'office-emulator-naa', 'popup,width=520,height=640');
    if (popup === null)
      return envelopeOf(requestId, {
        success: false,
        error: { status: 'USER_CANCEL', code: 'popup_blocked', description: 'The sign-in window could not be opened.' },
      });
    await waitForPrompt(started.promptId, popup);
    if (!popup.closed) popup.close();
    return envelopeOf(requestId, await post(`/prompts/${encodeURIComponent(started.promptId)}/result`, {}));
  }

  async function handle(message: string): Promise<Envelope | undefined> {
    let request: Record<string, unknown>;
    try {
      const parsed: unknown = JSON.parse(message);
      if (typeof parsed !== 'object' || parsed === null) return undefined;
      request = parsed as Record<string, unknown>;
    } catch {
      return undefined;
    }
    if (request.messageType !== 'NestedAppAuthRequest' || typeof request.requestId !== 'string') return undefined;
    const requestId = request.requestId;
    if (request.method === 'GetInitContext') {
      return {
        messageType: 'NestedAppAuthResponse',
        requestId,
        success: true,
        initContext: { sdkName: 'office-emulator', sdkVersion: '1.0.0', capabilities: { queryAccount: false } },
      };
    }
    const tokenParams = (
      typeof request.tokenParams === 'object' && request.tokenParams !== null ? request.tokenParams : {}
    ) as Record<string, unknown>;
    const params = {
      clientId: tokenParams.clientId,
      scope: tokenParams.scope,
      ...(typeof tokenParams.claims === 'string' ? { claims: tokenParams.claims } : {}),
    };
    try {
      if (request.method === 'GetToken') return envelopeOf(requestId, await post('/token', params));
      if (request.method === 'GetTokenPopup') return await interactive(requestId, params);
      return envelopeOf(requestId, {
        success: false,
        error: {
          status: 'PERSISTENT_ERROR',
          code: 'unsupported_method',
          description: `Unknown bridge method ${String(request.method)}.`,
        },
      });
    } catch (error: unknown) {
      platform.warn(
        `Office host emulator: nested app authentication request failed (${error instanceof Error ? error.message : String(error)}).`,
      );
      return envelopeOf(requestId, {
        success: false,
        error: {
          status: 'TRANSIENT_ERROR',
          code: 'broker_unreachable',
          description: 'The host could not reach its broker.',
        },
      });
    }
  }

  return {
    addEventListener(eventName, callback) {
      if (eventName === 'message') listeners.add(callback);
    },
    removeEventListener(eventName, callback) {
      if (eventName === 'message') listeners.delete(callback);
    },
    postMessage(message) {
      void handle(message).then((envelope) => {
        if (envelope !== undefined) respond(envelope);
      });
    },
  };
}
