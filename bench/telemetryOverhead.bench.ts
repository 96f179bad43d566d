/**
 * The cost of telemetry on `GET /api/sessions` throughput: four middle tiers as child processes
 * from the build (`npm run build:node` first), side by side on one emulator, in one run: one with
 * no telemetry configured; one with every export on — traces and metrics over OTLP/HTTP
 * (protobuf) to a receiver on loopback, and the Prometheus endpoint, scraped every 5 s —
 * recording every trace (the default); the same sampling one trace in ten
 * (OTEL_TRACES_SAMPLER=parentbased_traceidratio, OTEL_TRACES_SAMPLER_ARG=0.1); and metrics only
 * (the Prometheus endpoint, no trace export). Rounds rotate
 * between them so that the shared machine's load falls on all alike. Two figures: the median throughput of each, and the CPU time each middle tier
 * process spent per request (user + system, from /proc) — on a shared, loaded machine the
 * second is the steady one, and a CPU-bound server's throughput is its inverse. Goal: under 5 %.
 */
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { Agent, request } from 'undici';
import { SEED_USERS, SEED_WORKBOOKS } from '../src/emulator/directory/seed';
import { ssoTokenFor } from '../test/support/emulatorControl';
import { startEmulatorSide } from '../test/support/emulatorSide';
import { freePort } from '../test/support/freePort';
import { serverProcess, type ServerProcess } from '../test/support/processStack';
import { openSessions } from '../test/support/sessionApi';
import { concurrentGets } from './concurrentGets';

const CLIENTS = 50;
const ROUNDS_EACH = 3;
const REQUESTS_PER_ROUND = 2_500;
const SETUPS = ['off', 'on', 'sampled', 'metrics'] as const;
type Setup = (typeof SETUPS)[number];
const MAX_MS_PER_ROUND = 8_000;

/** Accepts OTLP exports and answers success without decoding them (a collector's cost is not ours). */
async function otlpSink(): Promise<{ url: string; bytes: () => number; server: Server }> {
  let bytes = 0;
  const server = createServer((req, res) => {
    req.on('data', (chunk: Buffer) => (bytes += chunk.length));
    req.on('end', () => res.writeHead(200, { 'content-type': 'application/x-protobuf' }).end());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, bytes: () => bytes, server };
}

/** User + system CPU time of a process in ms (/proc/<pid>/stat fields 14 and 15, in clock ticks of 10 ms). */
function cpuMs(pid: number | undefined): number {
  if (pid === undefined) throw new Error('the middle tier is not running');
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8')
    .replace(/^.*\) /, '')
    .split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] ?? NaN) : ((sorted[mid - 1] ?? NaN) + (sorted[mid] ?? NaN)) / 2;
};

export async function run(): Promise<void> {
  const side = await startEmulatorSide('wbs-bench-telemetry-');
  const dispatcher = new Agent({ connect: { ca: side.caCertPem } });
  const sink = await otlpSink();
  const common = { ...side.serverEnv, RATE_LIMIT_PER_MINUTE: '0', LOG_LEVEL: 'silent' };
  const servers = new Map<Setup, { url: string; process: ServerProcess; metricsPort?: number }>();
  servers.set('off', { url: side.addinUrl, process: serverProcess(common, side.addinUrl, dispatcher) });
  for (const setup of ['on', 'sampled', 'metrics'] as const) {
    // All answer to the same public URL (the tokens' audience); each listens on its own port with its own registry.
    const port = await freePort();
    const metricsPort = await freePort();
    const url = `https://localhost:${port}`;
    const env = {
      ...common,
      PORT: String(port),
      REGISTRY_PATH: join(side.registryPath, '..', `registry-${setup}.sqlite`),
      METRICS_PORT: String(metricsPort),
      ...(setup === 'metrics'
        ? {}
        : {
            OTEL_EXPORTER_OTLP_ENDPOINT: sink.url,
            OTEL_EXPORTER_OTLP_PROTOCOL: 'http/protobuf',
            OTEL_METRIC_EXPORT_INTERVAL: '10000',
          }),
      ...(setup === 'sampled'
        ? { OTEL_TRACES_SAMPLER: 'parentbased_traceidratio', OTEL_TRACES_SAMPLER_ARG: '0.1' }
        : {}),
    };
    servers.set(setup, { url, process: serverProcess(env, url, dispatcher), metricsPort });
  }
  const server = (setup: Setup) => servers.get(setup) as { url: string; process: ServerProcess; metricsPort?: number };
  let scraping: NodeJS.Timeout | undefined;
  try {
    for (const setup of SETUPS) await server(setup).process.start();
    const megan = await ssoTokenFor({ emulatorUrl: side.emulator.url, dispatcher }, SEED_USERS.megan.oid);
    const workbooks = [SEED_WORKBOOKS.presupuesto, SEED_WORKBOOKS.forecast];
    for (const setup of SETUPS) await openSessions({ addinUrl: server(setup).url, dispatcher }, megan, workbooks, 10);
    // A brisk Prometheus: one scrape every 5 s (15 s to 1 min is usual).
    scraping = setInterval(() => {
      for (const setup of ['on', 'sampled', 'metrics'] as const) {
        request(`http://127.0.0.1:${server(setup).metricsPort ?? 0}/metrics`)
          .then((res) => res.body.dump())
          .catch(() => undefined);
      }
    }, 5000);

    const load = (baseUrl: string, requests: number) =>
      concurrentGets({
        baseUrl,
        caCertPem: side.caCertPem,
        path: '/api/sessions',
        headers: { authorization: `Bearer ${megan}` },
        clients: CLIENTS,
        requests,
        maxMs: MAX_MS_PER_ROUND,
      });
    // Warm all up (JIT, connection pools, token caches).
    for (const setup of SETUPS) await load(server(setup).url, 1_000);

    const results = new Map<Setup, { rps: number[]; p99: number[]; cpuMs: number; requests: number }>(
      SETUPS.map((s) => [s, { rps: [], p99: [], cpuMs: 0, requests: 0 }]),
    );
    for (let round = 0; round < ROUNDS_EACH; round++) {
      // Rotate which goes first, so none always follows another.
      const order = SETUPS.map((_, i) => SETUPS[(i + round) % SETUPS.length] as Setup);
      for (const setup of order) {
        const pid = server(setup).process.pid();
        const cpuBefore = cpuMs(pid);
        const result = await load(server(setup).url, REQUESTS_PER_ROUND);
        const seen = results.get(setup) as { rps: number[]; p99: number[]; cpuMs: number; requests: number };
        seen.cpuMs += cpuMs(pid) - cpuBefore;
        seen.requests += result.count;
        if (result.failed > 0) throw new Error(`${setup}: ${result.failed} answers were not 200`);
        seen.rps.push(result.rps);
        seen.p99.push(result.p99);
        console.log(
          `round ${round + 1} telemetry ${setup.padEnd(7)}: ${result.rps.toFixed(0)} req/s, p50 ${result.p50.toFixed(1)} ms, p99 ${result.p99.toFixed(1)} ms`,
        );
      }
    }
    const off = results.get('off') as { rps: number[]; p99: number[]; cpuMs: number; requests: number };
    for (const setup of SETUPS) {
      const seen = results.get(setup) as { rps: number[]; p99: number[]; cpuMs: number; requests: number };
      const cpuPerRequest = seen.cpuMs / seen.requests;
      const cpuOverhead = (cpuPerRequest / (off.cpuMs / off.requests) - 1) * 100;
      const rpsOverhead = (1 - median(seen.rps) / median(off.rps)) * 100;
      console.log(
        `${setup.padEnd(7)}: median ${median(seen.rps).toFixed(0)} req/s, p99 ${median(seen.p99).toFixed(1)} ms, CPU ${cpuPerRequest.toFixed(3)} ms per request (${seen.requests} requests)` +
          (setup === 'off'
            ? ''
            : `; overhead: ${cpuOverhead.toFixed(1)} % more CPU per request, throughput ${rpsOverhead.toFixed(1)} % lower (goal < 5 %)`),
      );
    }
    console.log(`OTLP bytes received: ${sink.bytes()}`);
  } finally {
    if (scraping !== undefined) clearInterval(scraping);
    for (const setup of SETUPS) await server(setup).process.kill();
    await new Promise<void>((resolve) => sink.server.close(() => resolve()));
    await dispatcher.close();
    await side.close();
  }
}
