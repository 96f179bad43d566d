/**
 * Pure rules about how long Graph keeps a workbook session alive.
 *
 * Graph's docs: "Typically the persistent session expires after about 5 minutes of inactivity.
 * Non persistent session expires after about 7 minutes of inactivity." Any sessionful request
 * (refreshSession included) counts as activity. There is no documented absolute maximum.
 */

export const SESSION_IDLE_LIMIT_MS = {
  persistent: 5 * 60 * 1000,
  viewOnly: 7 * 60 * 1000,
} as const;

export function idleLimitMs(persistChanges: boolean): number {
  return persistChanges ? SESSION_IDLE_LIMIT_MS.persistent : SESSION_IDLE_LIMIT_MS.viewOnly;
}

/** The instant (ms since epoch) after which the session is expired if nothing touched it. */
export function expiresAtMs(lastActivityMs: number, persistChanges: boolean): number {
  return lastActivityMs + idleLimitMs(persistChanges);
}

export function isExpired(lastActivityMs: number, persistChanges: boolean, nowMs: number): boolean {
  return nowMs >= expiresAtMs(lastActivityMs, persistChanges);
}
