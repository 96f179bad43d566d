/**
 * The control API tests and the launcher use: a snapshot of everything the emulator holds, and
 * a reset back to the seed (sessions and the request log forgotten, host context restored).
 */
import { type FastifyInstance } from 'fastify';
import { type DirectoryStore } from '../store/DirectoryStore';
import { type HostContextStore } from '../store/HostContextStore';
import { type RequestLog } from '../store/RequestLog';
import { type WorkbookSessionStore } from '../store/WorkbookSessionStore';
import { viewOf } from '../host/hostRoutes';

export interface ControlRouteDeps {
  directory: DirectoryStore;
  sessions: WorkbookSessionStore;
  hostContext: HostContextStore;
  requestLog: RequestLog;
  reset: () => void;
}

export function registerControlRoutes(app: FastifyInstance, deps: ControlRouteDeps): void {
  app.get('/_emulator/state', async (_request, reply) =>
    reply.header('cache-control', 'no-store').send({
      tenant: { id: deps.directory.tenantId },
      sessions: deps.sessions.list(),
      users: deps.directory.users(),
      workbooks: deps.directory.workbooks(),
      hostContext: viewOf(deps.hostContext.get(), deps.directory),
      requests: deps.requestLog.list(),
    }),
  );

  app.post('/_emulator/reset', async (_request, reply) => {
    deps.reset();
    return reply.status(204).send();
  });
}
