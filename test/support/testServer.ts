/**
 * The assembled middle tier in process, on loopback and a free port, against a fake Entra ID and
 * Graph (fakeUpstream.ts): the one set-up of the suites that call the middle tier's HTTP surface
 * without the emulator. Stop it with close(), which also stops the fake upstream.
 */
import { createServer, type RunningServer, type ServerOverrides } from '../../src/server/app';
import type { ServerConfig } from '../../src/server/config';
import { ssoAuthorization, startFakeUpstream, type FakeUpstream } from './fakeUpstream';
import { closeTestAgent } from './httpsCall';
import { testConfig } from './testConfig';

export interface TestServerOverrides {
  /** Settings over testConfig's (rate limits off, an in-memory registry, the fake upstream's URLs). */
  config?: Partial<ServerConfig>;
  /** Test hooks of the middle tier (clock, log stream, sleep). */
  server?: ServerOverrides;
  /** Answers the fake upstream gives before its own (set on `upstream.handler` before the server starts). */
  upstreamHandler?: (upstream: FakeUpstream) => FakeUpstream['handler'];
}

export interface TestServer {
  /** The middle tier's base URL (https://127.0.0.1:<port>). */
  base: string;
  server: RunningServer;
  upstream: FakeUpstream;
  config: ServerConfig;
  /** `Authorization` for a fresh SSO token of the fake tenant's user. */
  authorization(): Promise<{ authorization: string }>;
  close(): Promise<void>;
}

export async function startTestServer(overrides: TestServerOverrides = {}): Promise<TestServer> {
  const upstream = await startFakeUpstream();
  if (overrides.upstreamHandler !== undefined) upstream.handler = overrides.upstreamHandler(upstream);
  const config = testConfig(upstream.url, overrides.config);
  const server = await createServer(config, overrides.server);
  const base = await server.listen();
  return {
    base,
    server,
    upstream,
    config,
    authorization: () => ssoAuthorization(upstream),
    async close() {
      await server.close();
      await upstream.close();
      await closeTestAgent();
    },
  };
}
