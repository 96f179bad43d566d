/**
 * The host side of office.js in the emulated Excel on the web: what the page that frames the
 * task pane answers to the requests office.js posts to it (xdmWire.ts). The conversation is
 * the one this host announced in the pane frame's `_xdm_Info`; messages from any other window,
 * origin or conversation are ignored.
 *
 * - `ContextActivationManager_getAppContextAsync`: the application context (appContext.ts),
 *   built from the emulator's host choices read when the pane asks.
 * - `ContextActivationManager_notifyHost` (focus, the pane's URL…): acknowledged.
 * - `executeMethod` by dispatch id: `getAccessToken` (98) asks the emulator for the SSO answer
 *   (its options passed on), `getFilePropertiesAsync` (the document URL, late one included);
 *   any other method fails with office.js's "not supported" code, never a silent success.
 * - `registerEvent` / `unregisterEvent`: acknowledged; events the host raises go back on the
 *   same conversation (dialog events: dialogHost.ts).
 *
 * The emulator is reached only through the injected `fetchJson` (same origin: the dev host page).
 */
import { buildAppContext, type HostChoices, readHostChoices } from './appContext';
import { ACTION_TYPE, answerTo, INVOKE_RESULT, parseXdmRequest, type XdmRequest } from './xdmWire';
import { answerRichApi } from './richApiHost';
import { readTokenOptions, SSO_ERROR, tokenAnswerError } from './ssoHost';

/** office.js's dispatch ids (`OSF.DDA.MethodDispId`) the emulated host answers. */
export const DISPID = {
  getFileProperties: 86,
  executeRichApiRequest: 93,
  getAccessToken: 98,
  messageParent: 144,
} as const;
/** office.js's `ooeNotSupported`-style failure for a method this host does not play. */
export const OOE_OPERATION_NOT_SUPPORTED = 5000;

export interface HostPlatform {
  /** The host page's own origin. */
  hostOrigin: string;
  /** The add-in's origin: the only one whose messages count. */
  addinOrigin: string;
  conversationId: string;
  appId: string;
  /** GET or POST (with body) a same-origin emulator path; resolves to the parsed JSON or throws. */
  fetchJson(path: string, body?: unknown): Promise<unknown>;
  /** Posts text to the pane window at the add-in's origin. */
  post(target: MessageTarget, text: string): void;
  now(): number;
  newCorrelationId(): string;
  warn(message: string): void;
  /**
   * Events the add-in registers that the host plays itself (the iframe dialog: dialogHost.ts);
   * undefined for the others, which are only acknowledged.
   */
  onEventRegistration?(request: XdmRequest, register: boolean): Promise<Record<string, unknown>> | undefined;
  /** A dialog page's `messageParent` (only on a dialog's conversation). */
  onMessageParent?(message: unknown, targetOrigin: unknown, senderOrigin: string): number;
}

export interface MessageTarget {
  postMessage(message: string, targetOrigin: string): void;
}

export interface IncomingMessage {
  data: unknown;
  origin: string;
  source: MessageTarget | null;
}

export interface ExcelWebHost {
  /** Handles one `message` event the host page received. Returns whether it was office.js's. */
  receive(event: IncomingMessage): boolean;
}

export function createExcelWebHost(platform: HostPlatform): ExcelWebHost {
  let choices: HostChoices | undefined;
  /** When the pane got its context: a late document URL counts from there. */
  let contextAt = 0;
  let tokenInFlight = false;

  const documentUrlNow = (): string => {
    const url = choices?.documentUrl ?? null;
    if (url === null) return '';
    const delay = choices?.documentUrlDelayMs ?? 0;
    return delay > 0 && platform.now() - contextAt < delay ? '' : url;
  };

  async function answer(request: XdmRequest, origin: string): Promise<{ data: unknown; errorCode?: number }> {
    if (request.actionType !== ACTION_TYPE.invoke) {
      const played = platform.onEventRegistration?.(request, request.actionType === ACTION_TYPE.registerEvent);
      // Other events the pane registers (appCommandInvoked, dialogNotificationShown…): acknowledged.
      return { data: played === undefined ? { Error: 0 } : await played };
    }
    switch (request.actionName) {
      case 'ContextActivationManager_getAppContextAsync': {
        choices = readHostChoices(await platform.fetchJson('/_emulator/host/context'));
        contextAt = platform.now();
        return {
          data: buildAppContext({
            appId: platform.appId,
            correlationId: platform.newCorrelationId(),
            choices,
            documentUrlNow: documentUrlNow(),
            addinOrigin: platform.addinOrigin,
          }),
        };
      }
      case 'ContextActivationManager_notifyHost':
        return { data: null };
      case 'executeMethod':
        return { data: await executeMethod(request.data, origin) };
      default:
        platform.warn(`Excel on the web (emulated): ${request.actionName} is not played by this host.`);
        return { data: null, errorCode: INVOKE_RESULT.errorHandlingRequest };
    }
  }

  async function executeMethod(data: unknown, origin: string): Promise<Record<string, unknown>> {
    const args = typeof data === 'object' && data !== null ? (data as Record<string, unknown>) : {};
    const method =
      typeof args.DdaMethod === 'object' && args.DdaMethod !== null ? (args.DdaMethod as Record<string, unknown>) : {};
    const version = 1;
    switch (method.DispatchId) {
      case DISPID.getAccessToken:
        return { Version: version, ...(await getAccessToken(args)) };
      case DISPID.getFileProperties:
        // FilePropertiesDescriptor is key 0 and its Url key 1 in office.js's marshalling.
        return { Version: version, Error: 0, 0: { 1: documentUrlNow() } };
      case DISPID.messageParent:
        if (platform.onMessageParent === undefined) return { Version: version, Error: OOE_OPERATION_NOT_SUPPORTED };
        return { Version: version, Error: platform.onMessageParent(args.messageToParent, args.targetOrigin, origin) };
      case DISPID.executeRichApiRequest:
        return { Version: version, Error: 0, Data: answerRichApi(args.ArrayData) };
      default:
        platform.warn(`Excel on the web (emulated): method ${String(method.DispatchId)} is not played by this host.`);
        return { Version: version, Error: OOE_OPERATION_NOT_SUPPORTED };
    }
  }

  async function getAccessToken(args: Record<string, unknown>): Promise<Record<string, unknown>> {
    // Excel on the web refuses a second request from the add-in while one is pending.
    if (tokenInFlight) return { Error: SSO_ERROR.requestInProgress };
    tokenInFlight = true;
    try {
      const options = readTokenOptions(args);
      let body: unknown;
      try {
        body = await platform.fetchJson('/_emulator/host/token', options);
      } catch (error: unknown) {
        platform.warn(
          `Excel on the web (emulated): the token request failed (${error instanceof Error ? error.message : String(error)}).`,
        );
        return { Error: SSO_ERROR.serverError };
      }
      const token =
        typeof body === 'object' && body !== null ? (body as { accessToken?: unknown }).accessToken : undefined;
      if (typeof token === 'string' && token.length > 0) return { Error: 0, accessToken: token };
      return { Error: tokenAnswerError(body) };
    } finally {
      tokenInFlight = false;
    }
  }

  return {
    receive(event) {
      if (event.origin !== platform.addinOrigin || event.source === null) return false;
      const parsed = parseXdmRequest(event.data);
      if (!parsed.ok) return false;
      const { request } = parsed;
      if (request.conversationId !== platform.conversationId) return false;
      const source = event.source;
      answer(request, event.origin).then(
        ({ data, errorCode }) => platform.post(source, answerTo(request, platform.hostOrigin, data, errorCode)),
        (error: unknown) => {
          platform.warn(
            `Excel on the web (emulated): ${request.actionName} failed (${error instanceof Error ? error.message : String(error)}).`,
          );
          platform.post(source, answerTo(request, platform.hostOrigin, null, INVOKE_RESULT.errorHandlingRequest));
        },
      );
      return true;
    },
  };
}
