/**
 * Azure Monitor: with APPLICATIONINSIGHTS_CONNECTION_STRING whose ingestion endpoint is a
 * receiver on loopback (Application Insights' track API, /v2.1/track), the middle tier (a child
 * process from the build) sends the request of a close, its Graph dependency and the metrics,
 * and nothing it sends carries a token, a user's name or UPN, or the document URL. Statsbeat
 * (the exporter's own usage reports to Microsoft) is off: tests talk to loopback only.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { generateDevCertificates } from '../../src/emulator/devCerts';
import { SEED_USERS, SEED_WORKBOOKS } from '../../src/emulator/directory/seed';
import type { SessionResponse } from '../../src/shared/api';
import { ssoTokenFor } from '../support/emulatorControl';
import type { LocalStack } from '../support/localStack';
import { startProcessStack, type ProcessStack } from '../support/processStack';
import { apiCall } from '../support/sessionApi';

interface Envelope {
  name: string;
  data?: {
    baseType?: string;
    baseData?: {
      name?: string;
      responseCode?: string;
      resultCode?: string;
      data?: string;
      metrics?: { name: string; value: number }[];
      properties?: Record<string, string>;
    };
  };
}

let receiver: Server;
const envelopes: Envelope[] = [];
const bodies: string[] = [];
let stack: ProcessStack;
// The exporter speaks HTTPS only: the receiver has a certificate of its own CA, which the middle
// tier trusts through NODE_EXTRA_CA_CERTS.
const certs = generateDevCertificates();
const dir = mkdtempSync(join(tmpdir(), 'wbs-appinsights-'));

beforeAll(async () => {
  writeFileSync(join(dir, 'ca.crt'), certs.caCertPem);
  receiver = createServer({ cert: certs.certPem, key: certs.keyPem }, (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const raw = Buffer.concat(chunks);
      const text = (req.headers['content-encoding'] === 'gzip' ? gunzipSync(raw) : raw).toString('utf8');
      bodies.push(text);
      const parsed = JSON.parse(text) as Envelope | Envelope[];
      const received = Array.isArray(parsed) ? parsed : [parsed];
      envelopes.push(...received);
      res
        .writeHead(200, { 'content-type': 'application/json' })
        .end(JSON.stringify({ itemsReceived: received.length, itemsAccepted: received.length, errors: [] }));
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  const { port } = receiver.address() as AddressInfo;
  stack = await startProcessStack({
    APPLICATIONINSIGHTS_CONNECTION_STRING: `InstrumentationKey=8d5f2c3a-0b1e-4c7d-9a6f-3e2b1c0d9f8e;IngestionEndpoint=https://localhost:${port}/`,
    NODE_EXTRA_CA_CERTS: join(dir, 'ca.crt'),
    APPLICATIONINSIGHTS_STATSBEAT_DISABLED: 'true',
    APPLICATIONINSIGHTS_SDKSTATS_DISABLED: 'true',
    OTEL_BSP_SCHEDULE_DELAY: '100',
    OTEL_METRIC_EXPORT_INTERVAL: '1000',
  });
  await stack.startServer();
}, 30_000);
afterAll(async () => {
  await stack?.close();
  await new Promise<void>((resolve) => receiver.close(() => resolve()));
  rmSync(dir, { recursive: true, force: true });
});

async function until(what: string, found: () => boolean): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (!found()) {
    if (Date.now() > deadline)
      throw new Error(
        `never received ${what}; got ${envelopes.map((e) => `${e.data?.baseType ?? e.name}:${e.data?.baseData?.name ?? ''}`).join(', ')}`,
      );
    await new Promise((r) => setTimeout(r, 100));
  }
}

it('sends the request of a close, its Graph dependency and the metrics to Application Insights, with no secret or name', async () => {
  const megan = await ssoTokenFor(stack as unknown as LocalStack, SEED_USERS.megan.oid);
  const wb = SEED_WORKBOOKS.forecast;
  const opened = await apiCall(stack, megan, '/api/sessions', {
    method: 'POST',
    body: { documentUrl: wb.webUrl, persistChanges: true },
  });
  expect(opened.status).toBe(201);
  const closed = await apiCall(stack, megan, `/api/sessions/${(opened.body as SessionResponse).session.id}`, {
    method: 'DELETE',
  });
  expect(closed.status).toBe(200);

  const request = (): Envelope | undefined =>
    envelopes.find((e) => e.data?.baseType === 'RequestData' && e.data.baseData?.name === 'DELETE /api/sessions/:id');
  await until('the close request', () => request() !== undefined);
  expect(request()?.data?.baseData?.responseCode).toBe('200');
  await until('the closeSession dependency', () =>
    envelopes.some(
      (e) => e.data?.baseType === 'RemoteDependencyData' && e.data.baseData?.name === 'Graph closeSession',
    ),
  );
  await until('the close counter', () =>
    envelopes.some(
      (e) =>
        e.data?.baseType === 'MetricData' &&
        (e.data.baseData?.metrics ?? []).some((m) => m.name === 'workbook_sessions.session.closes'),
    ),
  );

  const all = bodies.join('\n');
  for (const secret of [
    megan,
    SEED_USERS.megan.oid,
    SEED_USERS.megan.upn,
    SEED_USERS.megan.displayName,
    wb.webUrl,
    wb.driveId,
    wb.itemId,
  ])
    expect(all).not.toContain(secret);
  expect(all).not.toMatch(/eyJ[\w-]{10,}\.[\w-]{10,}/);
});
