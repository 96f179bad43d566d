/**
 * The Office host side of local mode: the emulated Excel on the web's page scripts (the dev host
 * page's, and the NAA bridge the task pane page loads), the context the host reads, and the token
 * it asks for. The bridge runs on the add-in's origin, so `/_emulator/host/*` answers CORS for
 * exactly that origin and nothing else.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { graphErrors } from '../graph/graphErrors';
import { headerValue, rawBody } from '../common/requestContext';
import { type Issuer } from '../entra/Issuer';
import { type DirectoryStore } from '../directory/DirectoryStore';
import { type EntraSwitchStore } from '../entra/EntraSwitchStore';
import { type HostContext, type HostContextStore } from './HostContextStore';
import { documentUrlOf } from './documentUrl';
import { readHostContext, readTokenRequest } from './hostContextInput';
import { ssoOutcome } from './ssoOutcome';

export interface HostRouteDeps {
  issuer: Issuer;
  directory: DirectoryStore;
  hostContext: HostContextStore;
  /** The Entra side's per-user MFA state, which a getAccessToken with `authChallenge` satisfies. */
  switches: EntraSwitchStore;
  addinOrigin: string;
  /** The folder of the built host page scripts (build/emulator-public). */
  hostScriptsDir: string;
}

/** The host's own browser scripts: the emulated Excel on the web page's, and the NAA bridge. */
const HOST_SCRIPTS = ['excel-web-host.js', 'naa-bridge.js'] as const;

/**
 * What `GET /_emulator/host/context` answers (what the emulated Excel on the web reads): the host choices, with
 * the user and the open workbook resolved to what Office reports.
 */
export type HostContextView = Omit<HostContext, 'userOid' | 'workbookItemId'> & {
  user: { oid: string; name: string; upn: string; tenantId: string };
  documentUrl: string | null;
};

const HOST_API = '/_emulator/host';

export function registerHostRoutes(app: FastifyInstance, deps: HostRouteDeps): void {
  const { issuer, directory, hostContext } = deps;

  app.addHook('onRequest', async (request, reply) => {
    if (!request.url.startsWith(`${HOST_API}/`)) return;
    if (headerValue(request, 'origin') === deps.addinOrigin) {
      reply.header('access-control-allow-origin', deps.addinOrigin);
      reply.header('access-control-expose-headers', 'request-id, client-request-id');
    }
    reply.header('vary', 'Origin');
  });

  // Preflight: allowed only for the add-in's origin; other origins get no CORS headers.
  app.options(`${HOST_API}/*`, async (request, reply) => {
    if (headerValue(request, 'origin') === deps.addinOrigin) {
      reply.header('access-control-allow-methods', 'GET, POST');
      reply.header('access-control-allow-headers', 'content-type, client-request-id');
      reply.header('access-control-max-age', '600');
    }
    return reply.status(204).send();
  });

  for (const name of HOST_SCRIPTS) {
    app.get(`/_host/${name}`, async (_request, reply) => {
      const file = join(deps.hostScriptsDir, name);
      let script: string;
      try {
        script = await readFile(file, 'utf8');
      } catch {
        throw graphErrors.officeHostNotBuilt(file);
      }
      return reply
        .type('text/javascript; charset=utf-8')
        .header('cache-control', 'no-store')
        .header('x-content-type-options', 'nosniff')
        .send(script);
    });
  }

  app.get(`${HOST_API}/context`, async (_request, reply) =>
    reply.header('cache-control', 'no-store').send(viewOf(hostContext.get(), directory)),
  );

  app.post(`${HOST_API}/context`, async (request, reply) => {
    hostContext.set(readHostContext(rawBody(request), directory));
    return reply.send(viewOf(hostContext.get(), directory));
  });

  // A simulated Office failure is a normal answer of this endpoint (it tells the emulated host what Office
  // would do), so it is a 200 with `officeError`; HTTP errors are reserved for bad requests.
  app.post(`${HOST_API}/token`, async (request: FastifyRequest, reply: FastifyReply) => {
    const options = readTokenRequest(rawBody(request));
    const context = hostContext.get();
    const outcome = ssoOutcome(context.ssoBehaviour, options, context.graphScopesConsented);
    if (outcome.kind === 'officeError')
      return reply.header('cache-control', 'no-store').send({ officeError: { code: outcome.code } });
    const user = directory.findUser(context.userOid);
    if (user === undefined) throw graphErrors.internal();
    // Office shows the MFA prompt for the claims challenge; the user passes it.
    if (options.authChallenge !== undefined) deps.switches.recordMfa(user.oid);
    const accessToken = await issuer.mintSsoToken(user);
    return reply.header('cache-control', 'no-store').send({ accessToken });
  });
}

export function viewOf(context: HostContext, directory: DirectoryStore): HostContextView {
  const { userOid, workbookItemId, ...choices } = context;
  const user = directory.findUser(userOid);
  const workbook = workbookItemId === null ? undefined : directory.findWorkbookByItemId(workbookItemId);
  return {
    user: { oid: userOid, name: user?.displayName ?? '', upn: user?.upn ?? '', tenantId: user?.tenantId ?? '' },
    documentUrl:
      workbook === undefined || user === undefined ? null : documentUrlOf(workbook, user, context.documentLocation),
    ...choices,
  };
}
