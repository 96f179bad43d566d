/**
 * Close settlements that Graph decided while the registry database could not be written: the
 * rows stay `closing`, leased to this instance, which no reconciler run would take back (an
 * instance never reclaims its own leases). They are kept here, in order, and written as soon as
 * the registry answers again: retried every few seconds, and first thing in each reconciler run.
 * They live in memory only: if the process dies first, the rows' leases lapse and another
 * instance (or this one restarted) finishes the close with the credential each row keeps.
 */
import { AppError } from '../errors/AppError';
import type { Log } from '../log';
import type { CloseSettlement, SessionOwner, SessionStore } from '../registry/SessionStore';

/** How often settlements remembered during a registry outage are retried. */
export const REMEMBERED_RETRY_MS = 3_000;

/** Whether the registry could not be reached (as opposed to refusing the statement). */
export function registryUnavailable(error: unknown): boolean {
  return error instanceof AppError && error.code === 'serviceUnavailable';
}

export class RememberedSettlements {
  private readonly pending: { owner: SessionOwner; settlement: CloseSettlement }[] = [];
  private retry: NodeJS.Timeout | undefined;

  constructor(
    private readonly store: Pick<SessionStore, 'settleClosing'>,
    private readonly holder: string,
    private readonly log: Log,
  ) {}

  get count(): number {
    return this.pending.length;
  }

  /** Keeps a settlement the registry could not take, and retries until it can. */
  add(owner: SessionOwner, settlement: CloseSettlement): void {
    this.pending.push({ owner, settlement });
    this.log.warn(
      { closed: settlement.deleted.length, reopened: settlement.reopened.length },
      'the registry could not be reached after Microsoft Graph answered a close; the answer says what Graph did, and the registry is updated when it is back',
    );
    if (this.retry === undefined) {
      this.retry = setInterval(() => void this.settle().catch(() => undefined), REMEMBERED_RETRY_MS);
      this.retry.unref();
    }
  }

  /** Writes what it can, oldest first; answers how many rows were settled. Stops at the first the registry still cannot take. */
  async settle(): Promise<number> {
    let rows = 0;
    for (let next = this.pending[0]; next !== undefined; next = this.pending[0]) {
      try {
        await this.store.settleClosing(next.owner, this.holder, next.settlement);
      } catch (error) {
        if (registryUnavailable(error)) return rows;
        // Refused for good (a bug or a constraint): dropped here; the rows' leases lapse and the reconciler of another instance or a restart finishes them.
        this.log.error({ err: error }, 'a close remembered during a registry outage could not be written');
      }
      this.pending.shift();
      rows += next.settlement.deleted.length + next.settlement.reopened.length;
    }
    this.stop();
    if (rows > 0) this.log.info({ rows }, 'the registry is back: closes answered during its outage are settled');
    return rows;
  }

  stop(): void {
    if (this.retry !== undefined) clearInterval(this.retry);
    this.retry = undefined;
  }
}
