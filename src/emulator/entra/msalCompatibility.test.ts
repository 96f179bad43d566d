// The middle tier uses @azure/msal-node for the on-behalf-of exchange: the emulator's issuer
// must work with that real client (discovery, form fields it adds, the success body it parses).
import { ConfidentialClientApplication, type INetworkModule, type NetworkRequestOptions, type NetworkResponse } from '@azure/msal-node';
import { Agent, fetch } from 'undici';
import { createEmulator, type RunningEmulator } from '../createEmulator';
import { generateDevCertificates } from '../devCerts';

const TENANT = '6f1c2d3e-4a5b-4c6d-8e7f-90a1b2c3d4e5';
const CLIENT = 'c0ffee00-1d2e-4f3a-9b8c-7d6e5f4a3b2c';
const SECRET = 'msal-compat-secret-0123456789';

let emulator: RunningEmulator;
let agent: Agent;

/** msal-node's network client, trusting the local CA through undici instead of a global setting. */
function networkClient(): INetworkModule {
  const send = async <T>(method: 'GET' | 'POST', url: string, options?: NetworkRequestOptions): Promise<NetworkResponse<T>> => {
    const response = await fetch(url, { method, headers: options?.headers, body: options?.body, dispatcher: agent });
    const headers: Record<string, string> = {};
    response.headers.forEach((value, name) => (headers[name] = value));
    return { headers, body: (await response.json()) as T, status: response.status };
  };
  return {
    sendGetRequestAsync: (url, options) => send('GET', url, options),
    sendPostRequestAsync: (url, options) => send('POST', url, options),
  };
}

beforeAll(async () => {
  const certs = generateDevCertificates();
  agent = new Agent({ connect: { ca: certs.caCertPem } });
  emulator = await createEmulator({
    port: 0,
    tls: { certPem: certs.certPem, keyPem: certs.keyPem },
    tenantId: TENANT,
    clientId: CLIENT,
    clientSecret: SECRET,
    addinOrigin: 'https://localhost:3000',
  });
});

afterAll(async () => {
  await emulator.close();
  await agent.close();
});

function app(secret: string): ConfidentialClientApplication {
  return new ConfidentialClientApplication({
    auth: { clientId: CLIENT, clientSecret: secret, authority: `${emulator.url}/${TENANT}`, knownAuthorities: [new URL(emulator.url).host] },
    system: { networkClient: networkClient() },
  });
}

async function ssoToken(): Promise<string> {
  const response = await fetch(`${emulator.url}/_emulator/host/token`, { method: 'POST', body: '{}', headers: { 'content-type': 'application/json' }, dispatcher: agent });
  return ((await response.json()) as { accessToken: string }).accessToken;
}

describe('msal-node against the emulated Entra ID', () => {
  it('completes an on-behalf-of exchange for Graph', async () => {
    const result = await app(SECRET).acquireTokenOnBehalfOf({ oboAssertion: await ssoToken(), scopes: ['https://graph.microsoft.com/Files.ReadWrite'] });
    expect(result?.accessToken).toEqual(expect.any(String));
    expect(result?.scopes.map((s) => s.toLowerCase())).toContain('https://graph.microsoft.com/files.readwrite');
  });

  it('surfaces a wrong client secret as invalid_client', async () => {
    await expect(app('not-the-right-secret').acquireTokenOnBehalfOf({ oboAssertion: await ssoToken(), scopes: ['https://graph.microsoft.com/Files.ReadWrite'] })).rejects.toMatchObject({
      errorCode: 'invalid_client',
    });
  });
});
