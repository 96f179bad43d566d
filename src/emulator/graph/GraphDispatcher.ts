/**
 * The one path every Graph operation takes, plain or inside `$batch`:
 *
 *   method (405) → scope (403) → fault gate (Retry-After bookkeeping, fault rules) → operation.
 *
 * The caller is already authenticated (401 comes first, from the plain route or the outer
 * batch request). Faults act after authentication, as a per-user throttle does.
 */
import { graphErrors } from './graphErrors';
import { type GraphError } from './GraphError';
import { type FaultTarget, type StatusFault } from '../faults/FaultEngine';
import { type FaultGate, type GatedRequest } from '../faults/FaultGate';
import { type DirectoryStore } from '../directory/DirectoryStore';
import { requireScope, SHARES_READ_SCOPES, WORKBOOK_WRITE_SCOPES } from './graphAuth';
import { allowedMethod, type GraphTarget } from './graphPath';
import { type GraphOperations } from './GraphOperations';
import { type OperationInput, type OperationResult } from './operationTypes';
import { retryKeyOf } from './workbookResolver';

/** The connection must be dropped without an answer (a `reset` fault fired). */
export const CONNECTION_RESET = Symbol('connectionReset');
export type DispatchOutcome = OperationResult | typeof CONNECTION_RESET;

export class GraphDispatcher {
  constructor(
    private readonly deps: {
      operations: GraphOperations;
      directory: DirectoryStore;
      gate: FaultGate;
      /** Where Graph's 401 challenges send the client for a new token. */
      authorizationUri: () => string;
    },
  ) {}

  async dispatch(input: OperationInput & { path: string; defer?: GatedRequest['defer'] }): Promise<DispatchOutcome> {
    const { target, caller } = input;
    if (input.method !== allowedMethod(target)) throw graphErrors.methodNotAllowed(input.method);
    requireScope(caller, scopesFor(target));
    const gate = await this.guard({
      method: input.method,
      path: input.path,
      userOid: caller.oid,
      key: retryKeyOf(this.deps.directory, target, caller.oid),
      faultTarget: faultTargetOf(target),
      caller,
      ...(input.defer === undefined ? {} : { defer: input.defer }),
    });
    if (gate === CONNECTION_RESET) return CONNECTION_RESET;
    return this.deps.operations.execute(input);
  }

  /** The fault gate in Graph terms (also used by the outer `$batch`): a status fault is thrown as a Graph error. */
  async guard(request: GatedRequest): Promise<void | typeof CONNECTION_RESET> {
    const outcome = await this.deps.gate.pass(request);
    if (outcome.kind === 'reset') return CONNECTION_RESET;
    if (outcome.kind === 'status') throw statusFaultError(outcome.fault, this.deps.authorizationUri);
  }
}

function statusFaultError(fault: StatusFault, authorizationUri: () => string): GraphError {
  switch (fault.kind) {
    case 'insufficientClaims':
      return graphErrors.insufficientClaims(authorizationUri(), fault.revokedAtSeconds ?? 0);
    case 'throttle':
      return graphErrors.throttled(fault.retryAfterSeconds ?? 1);
    case 'unavailable':
      return graphErrors.serviceUnavailable(fault.retryAfterSeconds);
    case 'gatewayTimeout':
      return graphErrors.gatewayTimeout(fault.retryAfterSeconds);
    case 'graphError':
      return graphErrors.injected(
        fault.error ?? {
          status: 500,
          code: 'internalServerError',
          message: 'An internal server error occurred while processing the request.',
        },
        fault.retryAfterSeconds,
      );
  }
}

function scopesFor(target: GraphTarget): readonly string[] {
  return target.resource === 'shares' || target.resource === 'driveItem' || target.resource === 'myDrive'
    ? SHARES_READ_SCOPES
    : WORKBOOK_WRITE_SCOPES;
}

export function faultTargetOf(target: GraphTarget): FaultTarget {
  switch (target.resource) {
    case 'sessionAction':
      return target.action;
    case 'shares':
    case 'driveItem':
    case 'batch':
      return target.resource;
    default:
      return 'otherGraph';
  }
}
