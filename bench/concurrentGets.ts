/**
 * A load of GET requests from concurrent clients (an undici Pool, one connection per client,
 * loopback), bounded by request count and time: throughput and p50/p99 latency.
 */
import { Pool } from 'undici';

export interface LoadOptions {
  baseUrl: string;
  caCertPem: string;
  path: string;
  headers: Record<string, string>;
  clients: number;
  requests: number;
  maxMs: number;
  /** Whether an answer counts as a success (default: status 200). */
  accept?: (status: number, body: string) => boolean;
}

export interface LoadResult {
  count: number;
  failed: number;
  elapsedMs: number;
  rps: number;
  p50: number;
  p99: number;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

export async function concurrentGets(options: LoadOptions): Promise<LoadResult> {
  const accept = options.accept ?? ((status: number) => status === 200);
  const pool = new Pool(options.baseUrl, { connections: options.clients, connect: { ca: options.caCertPem } });
  const latencies: number[] = [];
  let sent = 0;
  let failed = 0;
  const start = performance.now();
  const client = async (): Promise<void> => {
    while (sent < options.requests && performance.now() - start < options.maxMs) {
      sent++;
      const t = performance.now();
      const res = await pool.request({ method: 'GET', path: options.path, headers: options.headers });
      if (!accept(res.statusCode, await res.body.text())) failed++;
      latencies.push(performance.now() - t);
    }
  };
  try {
    await Promise.all(Array.from({ length: options.clients }, client));
  } finally {
    await pool.close();
  }
  const elapsedMs = performance.now() - start;
  latencies.sort((a, b) => a - b);
  return {
    count: latencies.length,
    failed,
    elapsedMs,
    rps: latencies.length / (elapsedMs / 1000),
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
  };
}
