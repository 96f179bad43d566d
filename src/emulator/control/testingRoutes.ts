/**
 * Control API for tests that make the emulator misbehave on purpose: fault rules, minted
 * tokens (valid or broken), and the slow start of long-running createSession.
 *
 *   GET    /_emulator/faults        → {seed, rules, fired}
 *   POST   /_emulator/faults        {seed?, rules} → {seed, rules (with ids and defaults)}; replaces the set
 *   DELETE /_emulator/faults        → 204; no rules
 *   POST   /_emulator/tokens        {userOid, audience, …} → {token}
 *   GET    /_emulator/async-create  → {delayMs, outcome}
 *   POST   /_emulator/async-create  {delayMs, outcome?} → {delayMs, outcome}
 */
import { type FastifyInstance } from 'fastify';
import { type FaultEngine } from '../faults/FaultEngine';
import { readFaultRuleSet } from '../faults/faultRules';
import { rawBody } from '../common/requestContext';
import { type Issuer } from '../entra/Issuer';
import { type AsyncCreateStore } from '../graph/AsyncCreateStore';
import { type DirectoryStore } from '../directory/DirectoryStore';
import { type EntraSwitchStore } from '../entra/EntraSwitchStore';
import { type EmulatorClock } from '../common/EmulatorClock';
import { readAsyncCreateSettings, readTokenRequest } from './controlInput';

export interface TestingRouteDeps {
  clock: EmulatorClock;
  directory: DirectoryStore;
  faults: FaultEngine;
  issuer: Issuer;
  asyncCreates: AsyncCreateStore;
  switches: EntraSwitchStore;
}

export function registerTestingRoutes(app: FastifyInstance, deps: TestingRouteDeps): void {
  app.get('/_emulator/faults', async (_request, reply) =>
    reply.header('cache-control', 'no-store').send(deps.faults.snapshot()),
  );

  app.post('/_emulator/faults', async (request, reply) => {
    const ruleSet = readFaultRuleSet(rawBody(request), deps.clock.now());
    deps.faults.install(ruleSet);
    return reply.send({ seed: ruleSet.seed, rules: deps.faults.snapshot().rules });
  });

  app.delete('/_emulator/faults', async (_request, reply) => {
    deps.faults.clear();
    return reply.status(204).send();
  });

  app.post('/_emulator/tokens', async (request, reply) => {
    const { userOid, ...spec } = readTokenRequest(rawBody(request));
    // Unknown users are allowed on purpose: a token for someone the tenant does not know.
    const user = deps.directory.findUser(userOid);
    // `mfa`: the user has passed MFA, as after the claims challenge (the Entra side remembers it).
    if (spec.mfa === true) deps.switches.recordMfa(userOid);
    const token = await deps.issuer.mintTestToken({
      ...spec,
      user: {
        oid: userOid,
        name: user?.displayName ?? 'Unknown User',
        upn: user?.upn ?? `${userOid}@unknown.invalid`,
        ...(user === undefined ? {} : { tenantId: user.tenantId }),
      },
    });
    return reply.header('cache-control', 'no-store').send({ token });
  });

  app.get('/_emulator/async-create', async (_request, reply) => reply.send(deps.asyncCreates.currentSettings()));

  app.post('/_emulator/async-create', async (request, reply) => {
    deps.asyncCreates.configure(readAsyncCreateSettings(rawBody(request)));
    return reply.send(deps.asyncCreates.currentSettings());
  });
}
