// The middle tier uses @azure/msal-node for the on-behalf-of exchange: the emulator's issuer
// must work with that real client (discovery, form fields it adds, the success body it parses).
import {
  ConfidentialClientApplication,
  type INetworkModule,
  type NetworkRequestOptions,
  type NetworkResponse,
} from '@azure/msal-node';
import { fetch } from 'undici';
import {
  startTestEmulator,
  TEST_CLIENT as CLIENT,
  TEST_SECRET as SECRET,
  TEST_TENANT as TENANT,
  type TestEmulator,
} from '../../support/testEmulator';

let started: TestEmulator;

/** msal-node's network client, trusting the local CA through undici instead of a global setting. */
function networkClient(): INetworkModule {
  const send = async <T>(
    method: 'GET' | 'POST',
    url: string,
    options?: NetworkRequestOptions,
  ): Promise<NetworkResponse<T>> => {
    const response = await fetch(url, {
      method,
      headers: options?.headers,
      body: options?.body,
      dispatcher: started.dispatcher,
    });
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
  started = await startTestEmulator();
});

afterAll(() => started.close());

function app(secret: string): ConfidentialClientApplication {
  return new ConfidentialClientApplication({
    auth: {
      clientId: CLIENT,
      clientSecret: secret,
      authority: `${started.emulator.origins.entra}/${TENANT}`,
      knownAuthorities: [new URL(started.emulator.origins.entra).host],
    },
    system: { networkClient: networkClient() },
  });
}

async function ssoToken(): Promise<string> {
  const response = await fetch(`${started.emulator.url}/_emulator/host/token`, {
    method: 'POST',
    body: '{}',
    headers: { 'content-type': 'application/json' },
    dispatcher: started.dispatcher,
  });
  return ((await response.json()) as { accessToken: string }).accessToken;
}

describe('msal-node against the emulated Entra ID', () => {
  it('completes an on-behalf-of exchange for Graph', async () => {
    const result = await app(SECRET).acquireTokenOnBehalfOf({
      oboAssertion: await ssoToken(),
      scopes: ['https://graph.microsoft.com/Files.ReadWrite'],
    });
    expect(result?.accessToken).toEqual(expect.any(String));
    expect(result?.scopes.map((s) => s.toLowerCase())).toContain('https://graph.microsoft.com/files.readwrite');
  });

  it('surfaces a wrong client secret as invalid_client', async () => {
    await expect(
      app('not-the-right-secret').acquireTokenOnBehalfOf({
        oboAssertion: await ssoToken(),
        scopes: ['https://graph.microsoft.com/Files.ReadWrite'],
      }),
    ).rejects.toMatchObject({
      errorCode: 'invalid_client',
    });
  });
});
