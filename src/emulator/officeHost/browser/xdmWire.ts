/**
 * The cross-frame messages office.js exchanges with the page that hosts it on the web
 * (its `Microsoft.Office.Common.XdmCommunicationManager`): JSON text posted with
 * `window.postMessage`. A request names an action (`ContextActivationManager_getAppContextAsync`,
 * `executeMethod`, an event to register…) and a correlation id; the host answers with a
 * response carrying the same ids, an invoke result code and data. Events go the same way, as
 * responses "for eventing" named after the event.
 *
 * This module only reads and writes that text: every incoming message is validated before the
 * host acts on it (a page may receive any postMessage from anywhere).
 */

export const MESSAGE_TYPE = { request: 0, response: 1 } as const;
export const ACTION_TYPE = { invoke: 0, registerEvent: 1, unregisterEvent: 2 } as const;
export const RESPONSE_TYPE = { forCalling: 0, forEventing: 1 } as const;
/** office.js's `InvokeResultCode`: the transport's own outcome, not the API's error. */
export const INVOKE_RESULT = {
  noError: 0,
  errorInRequest: -1,
  errorHandlingRequest: -2,
  errorHandlingRequestAccessDenied: -5,
} as const;
/** office.js sends and expects the "browser" serializer: plain JSON. */
const SERIALIZER_BROWSER = 1;

export type ActionType = (typeof ACTION_TYPE)[keyof typeof ACTION_TYPE];

export interface XdmRequest {
  actionName: string;
  actionType: ActionType;
  conversationId: string;
  correlationId: number | string;
  data: unknown;
}

export type ParseResult = { ok: true; request: XdmRequest } | { ok: false; reason: string };

const MAX_MESSAGE_CHARS = 256 * 1024;
const MAX_NAME = 256;

/** One message a hosted page posted; anything that is not an office.js request is refused with a reason. */
export function parseXdmRequest(data: unknown): ParseResult {
  if (typeof data !== 'string') return { ok: false, reason: 'not a string' };
  if (data.length === 0 || data.length > MAX_MESSAGE_CHARS) return { ok: false, reason: 'empty or too long' };
  let parsed: unknown;
  try {
    parsed = JSON.parse(data);
  } catch {
    return { ok: false, reason: 'not JSON' };
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
    return { ok: false, reason: 'not an object' };
  const message = parsed as Record<string, unknown>;
  if (message._messageType !== MESSAGE_TYPE.request) return { ok: false, reason: 'not a request' };
  const {
    _actionName: actionName,
    _actionType: actionType,
    _conversationId: conversationId,
    _correlationId: correlationId,
  } = message;
  if (typeof actionName !== 'string' || actionName.length === 0 || actionName.length > MAX_NAME)
    return { ok: false, reason: 'bad _actionName' };
  if (
    actionType !== ACTION_TYPE.invoke &&
    actionType !== ACTION_TYPE.registerEvent &&
    actionType !== ACTION_TYPE.unregisterEvent
  )
    return { ok: false, reason: 'bad _actionType' };
  if (typeof conversationId !== 'string' || conversationId.length === 0 || conversationId.length > MAX_NAME)
    return { ok: false, reason: 'bad _conversationId' };
  const validCorrelation =
    (typeof correlationId === 'number' && Number.isSafeInteger(correlationId) && correlationId >= 0) ||
    (typeof correlationId === 'string' && correlationId.length > 0 && correlationId.length <= MAX_NAME);
  if (!validCorrelation) return { ok: false, reason: 'bad _correlationId' };
  return { ok: true, request: { actionName, actionType, conversationId, correlationId, data: message._data ?? null } };
}

export interface XdmResponseInit {
  actionName: string;
  conversationId: string;
  correlationId: number | string;
  errorCode: number;
  responseType: (typeof RESPONSE_TYPE)[keyof typeof RESPONSE_TYPE];
  data: unknown;
  /** The host page's origin (office.js checks it against the one it was told). */
  origin: string;
}

export function xdmResponse(init: XdmResponseInit): string {
  return JSON.stringify({
    _messageType: MESSAGE_TYPE.response,
    _actionName: init.actionName,
    _conversationId: init.conversationId,
    _correlationId: init.correlationId,
    _origin: init.origin,
    _data: init.data === undefined ? null : init.data,
    _errorCode: init.errorCode,
    _responseType: init.responseType,
    _serializerVersion: SERIALIZER_BROWSER,
  });
}

/** The answer to a request, with the request's own ids. */
export function answerTo(
  request: XdmRequest,
  origin: string,
  data: unknown,
  errorCode: number = INVOKE_RESULT.noError,
): string {
  return xdmResponse({
    actionName: request.actionName,
    conversationId: request.conversationId,
    correlationId: request.correlationId,
    errorCode,
    responseType: RESPONSE_TYPE.forCalling,
    data,
    origin,
  });
}

/** An event the host raises on a conversation (office.js calls the handler registered under `eventName`). */
export function xdmEvent(conversationId: string, eventName: string, origin: string, data: unknown): string {
  return xdmResponse({
    actionName: eventName,
    conversationId,
    correlationId: 0,
    errorCode: INVOKE_RESULT.noError,
    responseType: RESPONSE_TYPE.forEventing,
    data,
    origin,
  });
}
