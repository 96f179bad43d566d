/**
 * Which tenants' users the API serves, and where their tokens come from.
 *
 * Single-tenant (ALLOWED_TENANTS unset): only TENANT_ID. Multi-tenant (ALLOWED_TENANTS set):
 * the listed tenants, whatever TENANT_ID says ("organizations"/"common" or one GUID). Either
 * way a token's issuer must be exactly `${AUTHORITY_HOST}/${tid}/v2.0` for the token's own `tid`
 * (Entra's multi-tenant issuer template with `{tenantid}` replaced), its keys come from that
 * tenant's JWKS, and the on-behalf-of exchange runs against the user's own tenant, never
 * `common`: Entra issues the Graph token in the tenant that owns the user's data.
 */
import type { ServerConfig } from '../config';

export function acceptedTenants(config: Pick<ServerConfig, 'tenantId' | 'allowedTenants'>): string[] {
  return config.allowedTenants.length > 0 ? [...config.allowedTenants] : [config.tenantId];
}

export function issuerFor(authorityHost: string, tenantId: string): string {
  return `${authorityHost}/${tenantId}/v2.0`;
}

export function jwksUrlFor(authorityHost: string, tenantId: string): string {
  return `${authorityHost}/${tenantId}/discovery/v2.0/keys`;
}
