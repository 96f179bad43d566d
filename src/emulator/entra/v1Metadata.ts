/**
 * The v1 discovery document (`/{tenant}/.well-known/openid-configuration`), as Entra publishes it
 * beside the v2 one: the v1 issuer `https://sts.windows.net/{tid}/` (the template `{tenantid}` for
 * the multi-tenant authorities) and endpoints without `/v2.0`
 * (https://learn.microsoft.com/en-us/entra/identity-platform/v2-protocols-oidc#find-your-apps-openid-configuration-document-uri).
 * Endpoints the emulator does not serve at all (userinfo, device code, logout, check-session,
 * Kerberos) are left out; the v1 token and authorize endpoints answer 501 (DEVIATIONS.md).
 */
export function v1MetadataDocument(
  authorityBase: string,
  issuer: string,
  cloudInstanceName: string,
): Record<string, unknown> {
  return {
    token_endpoint: `${authorityBase}/oauth2/token`,
    token_endpoint_auth_methods_supported: ['client_secret_post', 'private_key_jwt', 'client_secret_basic'],
    jwks_uri: `${authorityBase}/discovery/keys`,
    response_modes_supported: ['query', 'fragment', 'form_post'],
    subject_types_supported: ['pairwise'],
    id_token_signing_alg_values_supported: ['RS256'],
    response_types_supported: ['code', 'id_token', 'code id_token', 'token id_token', 'token'],
    scopes_supported: ['openid'],
    issuer,
    microsoft_multi_refresh_token: true,
    authorization_endpoint: `${authorityBase}/oauth2/authorize`,
    claims_supported: [
      'sub',
      'iss',
      'cloud_instance_name',
      'cloud_instance_host_name',
      'cloud_graph_host_name',
      'msgraph_host',
      'aud',
      'exp',
      'iat',
      'auth_time',
      'acr',
      'amr',
      'nonce',
      'email',
      'given_name',
      'family_name',
      'nickname',
    ],
    tenant_region_scope: 'EU',
    cloud_instance_name: cloudInstanceName,
    cloud_graph_host_name: 'graph.windows.net',
    msgraph_host: 'graph.microsoft.com',
  };
}
