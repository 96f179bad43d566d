/**
 * The gate every faultable request passes before it is served: record it if it came back
 * before a Retry-After this user was given for the same key, let the fault rules decide, wait
 * out any latency, and remember the Retry-After of a status fault. What a status fault looks
 * like on the wire is the caller's business (Graph envelope or Entra JSON).
 */
import { type CallerToken, type FaultEngine, type FaultTarget, type StatusFault } from './FaultEngine';
import { type RetryAfterLedger } from './RetryAfterLedger';

export interface GatedRequest {
  method: string;
  /** The path as the client sent it (batch items: the item's url). */
  path: string;
  userOid: string;
  /** The workbook or route Retry-After windows are kept under. */
  key: string;
  faultTarget: FaultTarget;
  /**
   * `$batch` items: hand the Retry-After bookkeeping to the batch, which commits it once the
   * whole batch has answered — the client cannot have seen an item's Retry-After before then,
   * so its sibling items are not "too early".
   */
  defer?: (commit: () => void) => void;
  /** The outer `$batch` request: the fault targets of its items (transport faults follow them). */
  carried?: readonly FaultTarget[];
  /** Graph requests: the caller's token, for claims challenges. */
  caller?: CallerToken;
}

export type GateOutcome = { kind: 'pass' } | { kind: 'reset' } | { kind: 'status'; fault: StatusFault };

export class FaultGate {
  constructor(
    private readonly faults: FaultEngine,
    private readonly ledger: RetryAfterLedger,
    private readonly sleep: (ms: number) => Promise<void> = delay,
  ) {}

  async pass(request: GatedRequest): Promise<GateOutcome> {
    this.ledger.check({ method: request.method, path: request.path, userOid: request.userOid, key: request.key });
    // A request with `defer` is a batch item (see above): transport faults are its batch's.
    const decision = this.faults.decide(request.faultTarget, {
      batchItem: request.defer !== undefined,
      ...(request.carried === undefined ? {} : { carried: request.carried }),
      ...(request.caller === undefined ? {} : { caller: request.caller }),
    });
    if (decision.latencyMs > 0) await this.sleep(decision.latencyMs);
    if (decision.reset) return { kind: 'reset' };
    if (decision.status === undefined) return { kind: 'pass' };
    const seconds = decision.status.retryAfterSeconds;
    if (seconds !== undefined) {
      const commit = (): void => this.ledger.remember(request.userOid, request.key, seconds);
      if (request.defer === undefined) commit();
      else request.defer(commit);
    }
    return { kind: 'status', fault: decision.status };
  }
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
