/**
 * The control API tests, the launcher and the dev host page use (`/_emulator/*`, JSON):
 *
 *   GET  /_emulator/state              everything the emulator holds (see `state` below)
 *   POST /_emulator/reset              back to the seed (204)
 *   POST /_emulator/clock/advance      {seconds} → {now}
 *   POST /_emulator/keys/rotate        → {current, retiring}
 *   POST /_emulator/users/:oid/entra   {behaviour} → {userOid, behaviour}
 *   GET|POST|DELETE /_emulator/faults, POST /_emulator/tokens, GET|POST /_emulator/async-create
 *                                      (testingRoutes.ts)
 *
 * Bad input answers 400 in the Graph envelope with code `invalidRequest`.
 */
import { type FastifyInstance } from 'fastify';
import { type EmulatorClock } from '../common/EmulatorClock';
import { graphErrors } from '../graph/graphErrors';
import { type FaultEngine } from '../faults/FaultEngine';
import { type RetryAfterLedger } from '../faults/RetryAfterLedger';
import { viewOf } from '../officeHost/hostRoutes';
import { rawBody } from '../common/requestContext';
import { type Issuer } from '../entra/Issuer';
import { type AsyncCreateStore } from '../graph/AsyncCreateStore';
import { type DirectoryStore } from '../directory/DirectoryStore';
import { type EntraSwitchStore } from '../entra/EntraSwitchStore';
import { type HostContextStore } from '../officeHost/HostContextStore';
import { type RequestLog } from './RequestLog';
import { type WorkbookSessionStore } from '../graph/WorkbookSessionStore';
import { readClockAdvance, readEntraBehaviour } from './controlInput';
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
  reset: () => void;
}

export function registerControlRoutes(app: FastifyInstance, deps: ControlRouteDeps): void {
  app.get('/_emulator/state', async (_request, reply) =>
    reply.header('cache-control', 'no-store').send({
      now: deps.clock.iso(),
      tenant: { id: deps.directory.tenantId },
      sessions: deps.sessions.list(),
      users: deps.directory.users(),
      workbooks: deps.directory.workbooks(),
      hostContext: viewOf(deps.hostContext.get(), deps.directory),
      requests: deps.requestLog.list(),
      retryAfterViolations: deps.ledger.violations(),
      faults: deps.faults.snapshot(),
      entra: deps.switches.list(),
      keys: deps.issuer.keyIds(),
      asyncCreate: { ...deps.asyncCreates.currentSettings(), operations: deps.asyncCreates.list() },
    }),
  );

  app.post('/_emulator/reset', async (_request, reply) => {
    deps.reset();
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

  app.post('/_emulator/keys/rotate', async (_request, reply) => reply.send(deps.issuer.rotateKeys()));

  app.post<{ Params: { oid: string } }>('/_emulator/users/:oid/entra', async (request, reply) => {
    const behaviour = readEntraBehaviour(rawBody(request));
    const { oid } = request.params;
    if (deps.directory.findUser(oid) === undefined) throw graphErrors.userNotFound(oid);
    deps.switches.set(oid, behaviour);
    return reply.send({ userOid: oid, behaviour });
  });

  registerTestingRoutes(app, deps);
}
