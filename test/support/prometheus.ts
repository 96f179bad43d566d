/**
 * Debian's Prometheus server (`apt-get install prometheus`) as a child process for a test:
 * a generated configuration that scrapes one target every second, its data in a temporary
 * folder, its web API on a free loopback port; stopped and removed by close().
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request } from 'undici';
import { freePort } from './freePort';

export const PROMETHEUS_BINARY = process.env.PROMETHEUS_BINARY ?? 'prometheus';

export interface PrometheusSample {
  labels: Record<string, string>;
  value: number;
}

export interface PrometheusServer {
  url: string;
  /** An instant query through the HTTP API (/api/v1/query). */
  query(promql: string): Promise<PrometheusSample[]>;
  /** Whether the last scrape of the target succeeded (`up`). */
  targetUp(): Promise<boolean>;
  output(): string;
  close(): Promise<void>;
}

export async function startPrometheus(target: string): Promise<PrometheusServer> {
  if (spawnSync(PROMETHEUS_BINARY, ['--version']).error !== undefined) {
    throw new Error(
      `${PROMETHEUS_BINARY} is not installed: apt-get install prometheus (npm test installs it when it runs as root).`,
    );
  }
  const dir = mkdtempSync(join(tmpdir(), 'wbs-prometheus-'));
  const port = await freePort();
  const config = [
    'global:',
    '  scrape_interval: 1s',
    '  scrape_timeout: 1s',
    'scrape_configs:',
    '  - job_name: workbook-sessions',
    '    static_configs:',
    `      - targets: ['${target}']`,
    '',
  ].join('\n');
  writeFileSync(join(dir, 'prometheus.yml'), config);
  let output = '';
  const child: ChildProcess = spawn(
    PROMETHEUS_BINARY,
    [
      `--config.file=${join(dir, 'prometheus.yml')}`,
      `--storage.tsdb.path=${join(dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
      '--log.level=warn',
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  const url = `http://127.0.0.1:${port}`;

  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.kill('SIGTERM');
      await exited;
    }
    rmSync(dir, { recursive: true, force: true });
  };

  const deadline = Date.now() + 30_000;
  for (;;) {
    try {
      const res = await request(`${url}/-/ready`);
      await res.body.dump();
      if (res.statusCode === 200) break;
    } catch {
      // not listening yet
    }
    if (child.exitCode !== null || Date.now() > deadline) {
      await stop();
      throw new Error(`prometheus did not start:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }

  const query = async (promql: string): Promise<PrometheusSample[]> => {
    const res = await request(`${url}/api/v1/query?${new URLSearchParams({ query: promql }).toString()}`);
    const body = (await res.body.json()) as {
      status: string;
      error?: string;
      data?: { result?: { metric: Record<string, string>; value: [number, string] }[] };
    };
    if (body.status !== 'success') throw new Error(`query ${promql}: ${body.error ?? res.statusCode}`);
    return (body.data?.result ?? []).map((r) => ({ labels: r.metric, value: Number(r.value[1]) }));
  };
  return {
    url,
    query,
    async targetUp() {
      return (await query('up')).some((s) => s.value === 1);
    },
    output: () => output,
    close: stop,
  };
}
