/**
 * The real clients the suite drives the target with: the Microsoft Graph JavaScript SDK and
 * msal-node, configured only by URLs (and, for the emulator, a dispatcher trusting its CA).
 */
import {
  ConfidentialClientApplication,
  type INetworkModule,
  type NetworkRequestOptions,
  type NetworkResponse,
} from '@azure/msal-node';
import { Client, type FetchOptions, GraphError } from '@microsoft/microsoft-graph-client';
import { fetch } from 'undici';
import { type ConformanceTarget } from './target';

export const GRAPH_SCOPES = ['https://graph.microsoft.com/Files.ReadWrite'];

/** The GraphError a Graph SDK call fails with; anything else (success included) fails the test. */
export async function graphFailure(call: Promise<unknown>): Promise<GraphError> {
  const failure: unknown = await call.then(
    () => undefined,
    (error: unknown) => error,
  );
  if (!(failure instanceof GraphError)) throw new Error(`expected a GraphError, got ${String(failure)}`);
  return failure;
}

/** A Graph SDK client that sends `token`; the SDK's default middleware (retry included) stays on. */
export function graphClient(target: ConformanceTarget, token: string): Client {
  return Client.init({
    baseUrl: target.graphHost,
    customHosts: target.customHosts,
    authProvider: (done) => done(null, token),
    // Node 20's fetch takes an undici `dispatcher` (not in the DOM RequestInit type): the
    // emulator's CA is trusted for these calls only.
    fetchOptions: target.dispatcher === undefined ? undefined : withDispatcher(target.dispatcher),
  });
}

function withDispatcher(dispatcher: NonNullable<ConformanceTarget['dispatcher']>): FetchOptions {
  const options: FetchOptions = {};
  Object.assign(options, { dispatcher });
  return options;
}

/** What the network client saw of one answer (for assertions on Entra's headers). */
export interface ObservedResponse {
  url: string;
  status: number;
  headers: Record<string, string>;
}

/** msal-node's HTTP client over undici with the target's dispatcher (the default client live unless answers are observed). */
function networkClient(
  target: ConformanceTarget,
  observe?: (response: ObservedResponse) => void,
): INetworkModule | undefined {
  const dispatcher = target.dispatcher;
  if (dispatcher === undefined && observe === undefined) return undefined;
  const send = async <T>(
    method: 'GET' | 'POST',
    url: string,
    options?: NetworkRequestOptions,
  ): Promise<NetworkResponse<T>> => {
    const response = await fetch(url, {
      method,
      headers: options?.headers,
      body: options?.body,
      ...(dispatcher === undefined ? {} : { dispatcher }),
    });
    const headers: Record<string, string> = {};
    response.headers.forEach((value, name) => (headers[name] = value));
    observe?.({ url, status: response.status, headers });
    return { headers, body: (await response.json()) as T, status: response.status };
  };
  return {
    sendGetRequestAsync: (url, options) => send('GET', url, options),
    sendPostRequestAsync: (url, options) => send('POST', url, options),
  };
}

export interface ClientOptions {
  /** The tenant segment of the authority (default: the target's tenant), e.g. `organizations`. */
  tenant?: string;
  observe?: (response: ObservedResponse) => void;
}

/** A fresh confidential client (no shared token cache between tests). */
export function confidentialClient(
  target: ConformanceTarget,
  secret = target.clientSecret,
  options: ClientOptions = {},
): ConfidentialClientApplication {
  const authorityHost = new URL(target.authorityHost).host;
  const networkModule = networkClient(target, options.observe);
  return new ConfidentialClientApplication({
    auth: {
      clientId: target.clientId,
      clientSecret: secret,
      authority: `${target.authorityHost}/${options.tenant ?? target.tenantId}`,
      knownAuthorities: target.live ? [] : [authorityHost],
    },
    system: networkModule === undefined ? {} : { networkClient: networkModule },
  });
}

/** OBO exchange of an SSO token for a Graph token, through msal-node. */
export async function graphTokenFor(target: ConformanceTarget, assertion: string): Promise<string> {
  const result = await confidentialClient(target).acquireTokenOnBehalfOf({
    oboAssertion: assertion,
    scopes: GRAPH_SCOPES,
    skipCache: true,
  });
  if (result === null || result.accessToken === '') throw new Error('OBO returned no token');
  return result.accessToken;
}
