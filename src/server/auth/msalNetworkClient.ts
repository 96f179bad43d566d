/**
 * msal-node's network hook (`system.networkClient`) on our outbound HTTPS dispatcher, so token
 * requests trust the same CA as everything else. msal expects parsed JSON bodies; an upstream
 * answer that is not JSON is reported as a transport failure (msal then raises `network_error`).
 */
import type { INetworkModule, NetworkRequestOptions, NetworkResponse } from '@azure/msal-node';
import type { Dispatcher } from 'undici';
import { OutboundNetworkError, parseJson, sendOutbound } from '../http/outboundRequest';

export class MsalNetworkClient implements INetworkModule {
  constructor(private readonly dispatcher: Dispatcher) {}

  sendGetRequestAsync<T>(url: string, options?: NetworkRequestOptions): Promise<NetworkResponse<T>> {
    return this.send<T>('GET', url, options);
  }

  sendPostRequestAsync<T>(url: string, options?: NetworkRequestOptions): Promise<NetworkResponse<T>> {
    return this.send<T>('POST', url, options);
  }

  private async send<T>(
    method: 'GET' | 'POST',
    url: string,
    options?: NetworkRequestOptions,
  ): Promise<NetworkResponse<T>> {
    const response = await sendOutbound(this.dispatcher, {
      method,
      url,
      headers: options?.headers,
      body: options?.body,
    });
    const body = parseJson(response.text);
    if (typeof body !== 'object' || body === null) {
      throw new OutboundNetworkError(url, `NON_JSON_${response.status}`);
    }
    // msal reads the token endpoint's JSON fields; the shape is its contract with Entra.
    return { status: response.status, headers: response.headers, body: body as T };
  }
}
