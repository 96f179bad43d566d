/**
 * Graph failures a client of the workbook API meets in real life, in the shapes Graph answers
 * them with. The fault kind `graphError` answers any of these (or any other status, code,
 * message and inner-error chain) on any Graph route; the dev host's presets and the tests use
 * the named ones below. Sources:
 *  - top-level codes and messages per status: https://learn.microsoft.com/en-us/graph/workbook-error-codes
 *  - second-level codes and what a client should do: https://learn.microsoft.com/en-us/graph/workbook-error-handling
 *  - `FileOpenUserUnauthorized`: https://github.com/microsoftgraph/microsoft-graph-explorer-v4/issues/3014
 *  - "Could not obtain a WAC access token.": https://github.com/microsoftgraph/microsoft-graph-docs/issues/20649
 *  - the nested `GenericFileOpenError`: https://github.com/microsoftgraph/microsoft-graph-explorer-v4/issues/4031
 *  - the `/shares` refusal: https://learn.microsoft.com/en-us/graph/api/shares-get
 * The docs do not pair the `invalidSession*` codes with statuses; the pairings below are the
 * emulator's choice (DEVIATIONS.md).
 */
import { type InnerErrorLevel } from './GraphError';

export interface GraphFailure {
  status: number;
  code: string;
  message: string;
  /** The inner-error chain under the top level, outermost first. */
  innerError?: readonly InnerErrorLevel[];
}

/** The documented top-level message of each status (Excel's error-code table). */
export const STATUS_MESSAGES: Readonly<Record<number, string>> = {
  400: 'The request is malformed or incorrect.',
  401: "The caller isn't authenticated.",
  403: "The caller doesn't have permission to perform the action.",
  404: "The resource couldn't be found.",
  405: "The HTTP method in the request isn't allowed on the resource.",
  409: 'The current state conflicts with what the request expects.',
  413: 'The request size exceeds the maximum limit.',
  429: 'The app or user has been throttled.',
  500: 'An internal server error occurred while processing the request.',
  501: "The requested feature isn't implemented.",
  502: "The server encountered a temporary error and couldn't complete your request.",
  503: "The service isn't available. Try your request again.",
  504: "The server, while acting as a proxy, didn't receive a timely response from the upstream server in order to complete the request.",
};

export const GRAPH_FAILURES = {
  /** A workbook call on a file the caller may not open. */
  fileOpenUserUnauthorized: {
    status: 403,
    code: 'FileOpenUserUnauthorized',
    message: 'You do not have permissions to open this file in the browser.',
    innerError: [{ code: 'unauthorizedUncategorized' }],
  },
  /** `/shares/{id}` for a URL the caller may not see. */
  sharingLinkDenied: {
    status: 403,
    code: 'accessDenied',
    message: 'The sharing link no longer exists, or you do not have permission to access it.',
  },
  /** Excel Online could not get a token to open the file: no inner code at all. */
  wacAccessToken: { status: 403, code: 'AccessDenied', message: 'Could not obtain a WAC access token.' },
  /** The file is locked for editing by someone else. */
  workbookLocked: {
    status: 409,
    code: 'conflict',
    message: 'The workbook is locked for editing by another client.',
    innerError: [{ code: 'accessConflict' }],
  },
  /** The session conflicts with other clients (co-authoring): it cannot be used again. */
  sessionAccessConflict: {
    status: 409,
    code: 'conflict',
    message: 'The session is invalid because of a conflict with other clients.',
    innerError: [{ code: 'invalidSessionAccessConflict' }],
  },
  /** The file could not be opened (the shape reported from real Graph). */
  genericFileOpen: {
    status: 500,
    code: 'GenericFileOpenError',
    message: 'The workbook cannot be opened.',
    innerError: [
      { code: 'internalServerErrorUncategorized', message: 'An unspecified error has occurred.' },
      { code: 'GenericFileOpenError', message: 'The workbook cannot be opened.' },
    ],
  },
  /** A 502 on a session call without an inner code: Microsoft says to recreate the session. */
  sessionBadGateway: { status: 502, code: 'badGateway', message: STATUS_MESSAGES[502] ?? '' },
  unsupportedWorkbook: {
    status: 400,
    code: 'badRequest',
    message: 'The workbook contains features or is of a size that the service does not support.',
    innerError: [{ code: 'invalidSessionUnsupportedWorkbook' }],
  },
  sessionNotFound: {
    status: 404,
    code: 'notFound',
    message: 'The session is invalid because the workbook cannot be found.',
    innerError: [{ code: 'invalidSessionNotFound' }],
  },
  sessionAuthentication: {
    status: 401,
    code: 'unauthorized',
    message: 'The session is invalid because of an authentication error.',
    innerError: [{ code: 'invalidSessionAuthentication' }],
  },
  sessionRestricted: {
    status: 403,
    code: 'forbidden',
    message: 'The session is invalid because of service restrictions.',
    innerError: [{ code: 'invalidSessionRestricted' }],
  },
  sessionUnexpected: {
    status: 500,
    code: 'internalServerError',
    message: 'The session is invalid because of an unexpected issue.',
    innerError: [{ code: 'invalidSessionUnexpected' }],
  },
} as const satisfies Record<string, GraphFailure>;

export type GraphFailureName = keyof typeof GRAPH_FAILURES;
