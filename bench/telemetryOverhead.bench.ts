/**
 * The cost of telemetry on `GET /api/sessions` throughput: two middle tiers as child processes
 * from the build (`npm run build:node` first), one with no telemetry configured and one with
 * every export on — traces and metrics over OTLP/HTTP (protobuf) to a receiver on loopback, and
 * the Prometheus endpoint, scraped every second — side by side on one emulator, in one run.
 * Rounds alternate between them (off, on, off, on…) so that the shared machine's load falls on
 * both alike. Two figures: the median throughput of each, and the CPU time each middle tier
 * process spent per request (user + system, from /proc) — on a shared, loaded machine the
 * second is the steady one, and a CPU-bound server's throughput is its inverse. Goal: under 5 %.
 */
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { Agent, request } from 'undici';
import { SEED_USERS, SEED_WORKBOOKS } from '../src/emulator/directory/seed';
import { ssoTokenFor } from '../test/helpers/emulatorControl';
import { startEmulatorSide } from '../test/helpers/emulatorSide';
import { freePort } from '../test/helpers/freePort';
import { serverProcess } from '../test/helpers/processStack';
import { openSessions } from '../test/helpers/sessionApi';
import { concurrentGets } from './concurrentGets';

const CLIENTS = 50;
const ROUNDS_EACH = 4;
const REQUESTS_PER_ROUND = 4_000;
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
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /, '').split(' ');
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
  const metricsPort = await freePort();
  const common = { ...side.serverEnv, RATE_LIMIT_PER_MINUTE: '0', LOG_LEVEL: 'silent' };
  // Both answer to the same public URL (the tokens' audience); each listens on its own port with its own registry.
  const onPort = await freePort();
  const off = serverProcess(common, side.addinUrl, dispatcher);
  const onUrl = `https://localhost:${onPort}`;
  const on = serverProcess(
    {
      ...common,
      PORT: String(onPort),
      REGISTRY_PATH: join(side.registryPath, '..', 'registry-telemetry.sqlite'),
      OTEL_EXPORTER_OTLP_ENDPOINT: sink.url,
      OTEL_EXPORTER_OTLP_PROTOCOL: 'http/protobuf',
      OTEL_METRIC_EXPORT_INTERVAL: '5000',
      METRICS_PORT: String(metricsPort),
    },
    onUrl,
    dispatcher,
  );
  let scraping: NodeJS.Timeout | undefined;
  try {
    await off.start();
    await on.start();
    const megan = await ssoTokenFor({ emulatorUrl: side.emulator.url, dispatcher }, SEED_USERS.megan.oid);
    const workbooks = [SEED_WORKBOOKS.presupuesto, SEED_WORKBOOKS.forecast];
    await openSessions({ addinUrl: side.addinUrl, dispatcher }, megan, workbooks, 10);
    await openSessions({ addinUrl: onUrl, dispatcher }, megan, workbooks, 10);
    // Prometheus' usual pace, and then some: one scrape a second.
    scraping = setInterval(() => {
      request(`http://127.0.0.1:${metricsPort}/metrics`)
        .then((res) => res.body.dump())
        .catch(() => undefined);
    }, 1000);

    const load = (baseUrl: string, requests: number) =>
      concurrentGets({ baseUrl, caCertPem: side.caCertPem, path: '/api/sessions', headers: { authorization: `Bearer ${megan}` }, clients: CLIENTS, requests, maxMs: MAX_MS_PER_ROUND });
    // Warm both up (JIT, connection pools, token caches).
    await load(side.addinUrl, 1_000);
    await load(onUrl, 1_000);

    const rps = { off: [] as number[], on: [] as number[] };
    const p99 = { off: [] as number[], on: [] as number[] };
    const cpu = { off: { ms: 0, requests: 0 }, on: { ms: 0, requests: 0 } };
    for (let round = 0; round < ROUNDS_EACH; round++) {
      // Alternate which goes first, so neither always follows the other.
      const order = round % 2 === 0 ? (['off', 'on'] as const) : (['on', 'off'] as const);
      for (const which of order) {
        const pid = (which === 'off' ? off : on).pid();
        const cpuBefore = cpuMs(pid);
        const result = await load(which === 'off' ? side.addinUrl : onUrl, REQUESTS_PER_ROUND);
        cpu[which].ms += cpuMs(pid) - cpuBefore;
        cpu[which].requests += result.count;
        if (result.failed > 0) throw new Error(`${which}: ${result.failed} answers were not 200`);
        rps[which].push(result.rps);
        p99[which].push(result.p99);
        console.log(`round ${round + 1} telemetry ${which.padEnd(3)}: ${result.rps.toFixed(0)} req/s, p50 ${result.p50.toFixed(1)} ms, p99 ${result.p99.toFixed(1)} ms`);
      }
    }
    const offRps = median(rps.off);
    const onRps = median(rps.on);
    const overhead = (1 - onRps / offRps) * 100;
    console.log(`median throughput: off ${offRps.toFixed(0)} req/s, on ${onRps.toFixed(0)} req/s; p99 off ${median(p99.off).toFixed(1)} ms, on ${median(p99.on).toFixed(1)} ms`);
    const perRequest = { off: cpu.off.ms / cpu.off.requests, on: cpu.on.ms / cpu.on.requests };
    const cpuOverhead = (perRequest.on / perRequest.off - 1) * 100;
    console.log(`CPU per request: off ${perRequest.off.toFixed(3)} ms, on ${perRequest.on.toFixed(3)} ms (${cpu.off.requests} and ${cpu.on.requests} requests)`);
    console.log(`telemetry overhead on GET /api/sessions: ${cpuOverhead.toFixed(1)} % more CPU per request; median throughput ${overhead.toFixed(1)} % lower (goal < 5 %); OTLP bytes received: ${sink.bytes()}`);
  } finally {
    if (scraping !== undefined) clearInterval(scraping);
    await on.kill();
    await off.kill();
    await new Promise<void>((resolve) => sink.server.close(() => resolve()));
    await dispatcher.close();
    await side.close();
  }
}
