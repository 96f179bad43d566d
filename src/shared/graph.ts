/**
 * Microsoft Graph wire types that both the middle tier (a Graph client) and the emulator
 * (a Graph server) speak. Shapes follow the Graph docs and the v1.0 CSDL:
 * https://learn.microsoft.com/en-us/graph/api/resources/excel,
 * https://learn.microsoft.com/en-us/graph/errors,
 * https://learn.microsoft.com/en-us/graph/workbook-error-handling,
 * https://github.com/microsoftgraph/msgraph-metadata (schemas/v1.0-Prod.csdl).
 */

/** `graph.workbookSessionInfo`, the answer of createSession (201) and sessionInfoResource. */
export interface WorkbookSessionInfo {
  '@odata.context'?: string;
  id: string;
  persistChanges: boolean;
}

/** `graph.workbookOperationStatus` as the CSDL spells it on the wire. */
export type WorkbookOperationStatus = 'notStarted' | 'running' | 'succeeded' | 'failed';

export interface GraphInnerError {
  code?: string;
  message?: string;
  'request-id'?: string;
  'client-request-id'?: string;
  date?: string;
  innerError?: GraphInnerError;
  [key: string]: unknown;
}

/** `{"error":{"code","message","innerError":{…}}}` — the one error shape of Graph. */
export interface GraphErrorEnvelope {
  error: {
    code: string;
    message: string;
    innerError?: GraphInnerError;
  };
}

/** Minimal driveItem fields the add-in reads from `/shares/{id}/driveItem`. */
export interface DriveItem {
  id: string;
  name: string;
  webUrl?: string;
  size?: number;
  file?: { mimeType?: string };
  parentReference?: { driveId?: string; driveType?: string; id?: string; path?: string };
}

export interface BatchRequestItem {
  id: string;
  method: string;
  url: string;
  headers?: Record<string, string>;
  body?: unknown;
  dependsOn?: string[];
}

export interface BatchResponseItem {
  id: string;
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
}

export const GRAPH_BATCH_LIMIT = 20;

/** The header that names the workbook session on sessionful requests. */
export const WORKBOOK_SESSION_HEADER = 'workbook-session-id';

/**
 * Collects every `code` from the outermost to the innermost, lower-cased, so a client can
 * "use the most detailed one that it understands" (Graph's error guidance). Codes are
 * case-insensitive per the Excel error-handling docs.
 */
export function graphErrorCodes(body: unknown): string[] {
  const codes: string[] = [];
  if (typeof body !== 'object' || body === null) return codes;
  let node: unknown = (body as { error?: unknown }).error;
  for (let depth = 0; depth < 8 && typeof node === 'object' && node !== null; depth++) {
    const code = (node as { code?: unknown }).code;
    if (typeof code === 'string' && code.length > 0) codes.push(code.toLowerCase());
    const inner = node as { innerError?: unknown; innererror?: unknown };
    node = inner.innerError ?? inner.innererror;
  }
  return codes;
}
