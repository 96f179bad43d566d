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
import { isGuid } from '../../shared/guid';

/** Entra's tenant-independent authority segments a multi-tenant app may use (work/school accounts). */
const MULTI_TENANT_AUTHORITIES = ['organizations', 'common'] as const;

export function acceptedTenants(config: Pick<ServerConfig, 'tenantId' | 'allowedTenants'>): string[] {
  return config.allowedTenants.length > 0 ? [...config.allowedTenants] : [config.tenantId];
}

export function issuerFor(authorityHost: string, tenantId: string): string {
  return `${authorityHost}/${tenantId}/v2.0`;
}

export function jwksUrlFor(authorityHost: string, tenantId: string): string {
  return `${authorityHost}/${tenantId}/discovery/v2.0/keys`;
}

/**
 * Reads TENANT_ID and ALLOWED_TENANTS; each problem is pushed as one line naming the variable.
 * Single-tenant (the default): TENANT_ID is the one tenant's GUID. Multi-tenant: ALLOWED_TENANTS
 * lists the tenant GUIDs served; TENANT_ID may then be "organizations" or "common" (or one of
 * the GUIDs, which is allowed implicitly). "common" without an allow-list would accept any
 * tenant's users, so it is refused.
 */
export function readTenancy(
  tenantText: string,
  allowedText: string,
  problems: string[],
): { tenantId: string; allowedTenants: string[] } {
  const allowed = allowedText.split(/[\s,]+/).filter((t) => t !== '');
  const bad = allowed.filter((t) => !isGuid(t));
  if (bad.length > 0)
    problems.push(
      `ALLOWED_TENANTS must be a comma-separated list of tenant GUIDs (bad entries: ${bad.map((t) => `"${t}"`).join(', ')}).`,
    );
  const allowedTenants = [...new Set(allowed.filter(isGuid).map((t) => t.toLowerCase()))];
  const lower = tenantText.toLowerCase();
  if ((MULTI_TENANT_AUTHORITIES as readonly string[]).includes(lower)) {
    if (allowed.length === 0)
      problems.push(
        `TENANT_ID "${tenantText}" accepts users of any tenant: set ALLOWED_TENANTS to the tenant GUIDs you serve, or set TENANT_ID to your tenant's GUID.`,
      );
    return { tenantId: lower, allowedTenants };
  }
  if (tenantText !== '' && !isGuid(tenantText)) {
    problems.push(
      `TENANT_ID must be a GUID like 00000000-0000-0000-0000-000000000000${allowed.length > 0 ? ', "organizations" or "common"' : ''} (got "${tenantText}").`,
    );
  }
  if (allowedTenants.length > 0 && isGuid(tenantText) && !allowedTenants.includes(lower)) allowedTenants.unshift(lower);
  return { tenantId: lower, allowedTenants };
}
