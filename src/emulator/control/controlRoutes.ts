/**
 * The control API tests, the launcher and the dev host page use (`/_emulator/*`, JSON;
 * reference: src/emulator/CONTROL_API.md):
 *
 *   GET  /_emulator/state                     everything the emulator holds (ControlState)
 *   POST /_emulator/reset                     back to the seed (204)
 *   POST /_emulator/clock/advance             {seconds} → {now}
 *   POST /_emulator/keys/rotate               {emergency?} → {current, next, retiring}
 *   POST /_emulator/users/:oid/entra          {behaviour} → {userOid, behaviour}
 *   POST /_emulator/app                       {clientSecretExpired} → {clientSecretExpired}
 *   POST /_emulator/workbooks/:itemId/access  {sharedWith} → the workbook
 *   GET|POST|DELETE /_emulator/faults, POST /_emulator/tokens, GET|POST /_emulator/async-create
 *                                             (testingRoutes.ts)
 *
 * Bad input answers 400 in the Graph envelope with code `invalidRequest`.
 */
import { type FastifyInstance } from 'fastify';
import { type EmulatorClock } from '../common/EmulatorClock';
import { graphErrors } from '../graph/graphErrors';
import { type FaultEngine, type FaultSnapshot } from '../faults/FaultEngine';
import { type RetryAfterLedger, type RetryAfterViolation } from '../faults/RetryAfterLedger';
import { type HostContextView, viewOf } from '../officeHost/hostRoutes';
import { rawBody } from '../common/requestContext';
import { type Issuer } from '../entra/Issuer';
import { type AsyncCreateSettings, type AsyncCreateStore } from '../graph/AsyncCreateStore';
import { type DirectoryStore, type TenantSummary } from '../directory/DirectoryStore';
import { type UserRecord, type WorkbookRecord } from '../directory/seed';
import { type AppCredentialState, type EntraBehaviour, type EntraSwitchStore } from '../entra/EntraSwitchStore';
import { type KeyIds } from '../entra/KeyRing';
import { type HostContextStore } from '../officeHost/HostContextStore';
import { type LoggedRequest, type RequestLog } from './RequestLog';
import { type SessionSnapshot, type WorkbookSessionStore } from '../graph/WorkbookSessionStore';
import { readAppState, readClockAdvance, readEntraBehaviour, readKeyRotation, readSharing } from './controlInput';
import { controlErrors } from './controlErrors';
import { registerTestingRoutes } from './testingRoutes';

export interface ControlRouteDeps {
  directory: DirectoryStore;
  sessions: WorkbookSessionStore;
  hostContext: HostContextStore;
  requestLog: RequestLog;
  clock: EmulatorClock;
  faults: FaultEngine;
  ledger: RetryAfterLedger;
  switches: EntraSwitchStore;
  asyncCreates: AsyncCreateStore;
  issuer: Issuer;
  /** The emulator's reset, then local mode's registry (when the launcher owns one). */
  reset: () => Promise<void>;
}

/** What `GET /_emulator/state` answers. */
export interface ControlState {
  now: string;
  /** The configured (home) tenant. */
  tenant: { id: string };
  tenants: readonly TenantSummary[];
  sessions: SessionSnapshot[];
  users: readonly UserRecord[];
  workbooks: readonly WorkbookRecord[];
  hostContext: HostContextView;
  requests: LoggedRequest[];
  retryAfterViolations: RetryAfterViolation[];
  faults: FaultSnapshot;
  entra: Record<string, EntraBehaviour>;
  /** Users who passed MFA (getAccessToken with the claims challenge). */
  entraMfaPassed: string[];
  app: AppCredentialState;
  keys: KeyIds;
  asyncCreate: AsyncCreateSettings & { operations: ReturnType<AsyncCreateStore['list']> };
}

export function controlState(deps: ControlRouteDeps): ControlState {
  return {
    now: deps.clock.iso(),
    tenant: { id: deps.directory.tenantId },
    tenants: deps.directory.tenants(),
    sessions: deps.sessions.list(),
    users: deps.directory.users(),
    workbooks: deps.directory.workbooks(),
    hostContext: viewOf(deps.hostContext.get(), deps.directory),
    requests: deps.requestLog.list(),
    retryAfterViolations: deps.ledger.violations(),
    faults: deps.faults.snapshot(),
    entra: deps.switches.list(),
    entraMfaPassed: deps.switches.mfaUsers(),
    app: deps.switches.app(),
    keys: deps.issuer.keyIds(),
    asyncCreate: { ...deps.asyncCreates.currentSettings(), operations: deps.asyncCreates.list() },
  };
}

export function registerControlRoutes(app: FastifyInstance, deps: ControlRouteDeps): void {
  app.get('/_emulator/state', async (_request, reply) =>
    reply.header('cache-control', 'no-store').send(controlState(deps)),
  );

  app.post('/_emulator/reset', async (_request, reply) => {
    try {
      await deps.reset();
    } catch (error) {
      throw controlErrors.resetIncomplete(error instanceof Error ? error.message : String(error));
    }
    return reply.status(204).send();
  });

  app.post('/_emulator/clock/advance', async (request, reply) => {
    const seconds = readClockAdvance(rawBody(request));
    try {
      deps.clock.advance(seconds);
    } catch {
      throw graphErrors.invalidBody("'seconds' is too large.");
    }
    return reply.send({ now: deps.clock.iso() });
  });

  app.post('/_emulator/keys/rotate', async (request, reply) =>
    reply.send(deps.issuer.rotateKeys(readKeyRotation(rawBody(request)))),
  );

  app.post('/_emulator/app', async (request, reply) => {
    deps.switches.setApp(readAppState(rawBody(request)));
    return reply.send(deps.switches.app());
  });

  app.post<{ Params: { itemId: string } }>('/_emulator/workbooks/:itemId/access', async (request, reply) => {
    const sharedWith = readSharing(rawBody(request), (oid) => deps.directory.findUser(oid) !== undefined);
    const workbook = deps.directory.share(request.params.itemId, sharedWith);
    if (workbook === undefined) throw graphErrors.workbookNotFound(request.params.itemId);
    return reply.send(workbook);
  });

  app.post<{ Params: { oid: string } }>('/_emulator/users/:oid/entra', async (request, reply) => {
    const behaviour = readEntraBehaviour(rawBody(request));
    const { oid } = request.params;
    if (deps.directory.findUser(oid) === undefined) throw graphErrors.userNotFound(oid);
    deps.switches.set(oid, behaviour);
    return reply.send({ userOid: oid, behaviour });
  });

  registerTestingRoutes(app, deps);
}
