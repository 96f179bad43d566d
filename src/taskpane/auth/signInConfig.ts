/** The middle tier's sign-in configuration (GET /api/sign-in-config), validated like any input. */
import { API_PATHS, type SignInConfig } from '../../shared/api';
import { type FetchFn } from '../api/SessionsApiClient';
import { isGuid } from '../../shared/guid';
import { isHttpsUrl } from '../../shared/url';

function parseSignInConfig(value: unknown): SignInConfig | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const v = value as Record<string, unknown>;
  if (!isGuid(v.clientId)) return undefined;
  if (typeof v.authority !== 'string' || !isHttpsUrl(v.authority)) return undefined;
  if (typeof v.apiScope !== 'string' || !v.apiScope.startsWith('api://') || v.apiScope.length > 512) return undefined;
  if (
    !Array.isArray(v.graphScopes) ||
    v.graphScopes.length === 0 ||
    !v.graphScopes.every((s) => typeof s === 'string' && /^[\w.:/~-]{1,256}$/.test(s))
  )
    return undefined;
  return {
    clientId: v.clientId,
    authority: v.authority.replace(/\/+$/, ''),
    apiScope: v.apiScope,
    graphScopes: [...(v.graphScopes as string[])],
  };
}

export async function loadSignInConfig(fetchFn: FetchFn): Promise<SignInConfig> {
  const response = await fetchFn(API_PATHS.signInConfig, {
    method: 'GET',
    headers: { Accept: 'application/json' },
    credentials: 'same-origin',
  });
  let body: unknown;
  try {
    body = JSON.parse(await response.text());
  } catch {
    body = undefined;
  }
  const config = response.status === 200 ? parseSignInConfig(body) : undefined;
  if (config === undefined)
    throw new TypeError(`GET ${API_PATHS.signInConfig} did not answer a valid configuration (HTTP ${response.status})`);
  return config;
}
