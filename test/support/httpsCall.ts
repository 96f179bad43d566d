/**
 * Test-only HTTPS client for a listening middle tier. (fastify's app.inject cannot be used under
 * jest on Node 20: light-my-request requires the ESM-only `cookie` package.)
 */
import { Agent, request } from 'undici';
import { testCertificate } from '../../src/server/testSupport/selfSignedCert';

export interface CallResult {
  status: number;
  headers: Record<string, string | undefined>;
  text: string;
  json(): unknown;
}

let agent: Agent | undefined;

function testAgent(): Agent {
  agent ??= new Agent({ connect: { ca: testCertificate().certPem } });
  return agent;
}

export async function closeTestAgent(): Promise<void> {
  await agent?.close();
  agent = undefined;
}

export async function call(
  baseUrl: string,
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'HEAD' | 'OPTIONS',
  path: string,
  options: { headers?: Record<string, string>; json?: unknown; body?: string } = {},
): Promise<CallResult> {
  const headers: Record<string, string> = { ...options.headers };
  let body = options.body;
  if (options.json !== undefined) {
    body = JSON.stringify(options.json);
    headers['content-type'] ??= 'application/json';
  }
  const res = await request(`${baseUrl}${path}`, { method, headers, body, dispatcher: testAgent() });
  const text = await res.body.text();
  const flat: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(res.headers)) flat[name] = Array.isArray(value) ? value.join(', ') : value;
  return { status: res.statusCode, headers: flat, text, json: () => JSON.parse(text) as unknown };
}
