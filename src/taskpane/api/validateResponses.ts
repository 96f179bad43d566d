/**
 * Shape checks for the middle tier's successful answers. The server is outside the pane's trust
 * boundary (and may be an older or newer version), so nothing is used before it is checked.
 * Each function returns undefined for anything that does not match the contract.
 */
import {
  type CloseManyResult,
  type CloseSessionResponse,
  type ListSessionsResponse,
  type SessionResponse,
  type SessionStatus,
  type SessionView,
  type WorkbookRef,
} from '../../shared/api';
import { isApiErrorCode } from '../../shared/errors';
import { isHttpsUrl } from '../../shared/url';

const SESSION_STATUSES: readonly SessionStatus[] = ['opening', 'open', 'closing', 'expired'];

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isNonEmptyString(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0;
}

function isInstant(value: unknown): value is string {
  return typeof value === 'string' && !Number.isNaN(Date.parse(value));
}

function parseWorkbookRef(value: unknown): WorkbookRef | undefined {
  if (!isRecord(value)) return undefined;
  const { driveId, itemId, name, webUrl } = value;
  if (!isNonEmptyString(driveId) || !isNonEmptyString(itemId) || !isNonEmptyString(name)) return undefined;
  if (webUrl !== null && typeof webUrl !== 'string') return undefined;
  // The link goes into an href: only an https address is kept (a `javascript:` or `data:` one from
  // a damaged registry row is dropped, and the row shows without its link).
  return { driveId, itemId, name, webUrl: webUrl !== null && isHttpsUrl(webUrl) ? webUrl : null };
}

function parseSessionView(value: unknown): SessionView | undefined {
  if (!isRecord(value)) return undefined;
  const { id, persistChanges, openedAt, lastActivityAt, expiresAt, status } = value;
  const workbook = parseWorkbookRef(value.workbook);
  if (!isNonEmptyString(id) || !workbook || typeof persistChanges !== 'boolean') return undefined;
  if (!isInstant(openedAt) || !isInstant(lastActivityAt) || !isInstant(expiresAt)) return undefined;
  if (!SESSION_STATUSES.includes(status as SessionStatus)) return undefined;
  return { id, workbook, persistChanges, openedAt, lastActivityAt, expiresAt, status: status as SessionStatus };
}

export function parseListSessionsResponse(value: unknown): ListSessionsResponse | undefined {
  if (!isRecord(value) || !Array.isArray(value.sessions)) return undefined;
  const sessions: SessionView[] = [];
  for (const item of value.sessions) {
    const session = parseSessionView(item);
    if (!session) return undefined;
    sessions.push(session);
  }
  return { sessions };
}

export function parseSessionResponse(value: unknown): SessionResponse | undefined {
  if (!isRecord(value)) return undefined;
  const session = parseSessionView(value.session);
  return session ? { session } : undefined;
}

export function parseCloseSessionResponse(value: unknown): CloseSessionResponse | undefined {
  if (!isRecord(value)) return undefined;
  const { id, outcome } = value;
  if (!isNonEmptyString(id) || (outcome !== 'closed' && outcome !== 'alreadyGone')) return undefined;
  return { id, outcome };
}

function parseCloseManyResult(value: unknown): CloseManyResult | undefined {
  if (!isRecord(value)) return undefined;
  const { id, outcome, error } = value;
  if (!isNonEmptyString(id)) return undefined;
  if (outcome === 'closed' || outcome === 'alreadyGone') return { id, outcome };
  if (outcome !== 'failed' || !isRecord(error)) return undefined;
  const { code, message, retryAfterSeconds } = error;
  if (!isApiErrorCode(code) || typeof message !== 'string') return undefined;
  if (retryAfterSeconds === undefined) return { id, outcome, error: { code, message } };
  if (typeof retryAfterSeconds !== 'number' || !Number.isFinite(retryAfterSeconds) || retryAfterSeconds < 0)
    return undefined;
  return { id, outcome, error: { code, message, retryAfterSeconds } };
}

/**
 * A close-many answer is usable only if it answers exactly the ids asked, each once, in the order
 * asked (the contract's promise): a missing or extra id would leave a row whose fate is unknown.
 */
export function parseCloseManyResults(value: unknown, requestedIds: readonly string[]): CloseManyResult[] | undefined {
  if (!isRecord(value) || !Array.isArray(value.results) || value.results.length !== requestedIds.length)
    return undefined;
  const results: CloseManyResult[] = [];
  for (const [index, item] of value.results.entries()) {
    const result = parseCloseManyResult(item);
    if (!result || result.id !== requestedIds[index]) return undefined;
    results.push(result);
  }
  return results;
}
