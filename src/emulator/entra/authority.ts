/**
 * The tenant segment of an Entra URL (`/{tenant}/oauth2/v2.0/token`, `/{tenant}/v2.0/.well-known/…`):
 * a tenant GUID the emulator plays, or one of the multi-tenant authorities. `organizations` and
 * `common` publish the issuer template `…/{tenantid}/v2.0` and serve every tenant's users
 * (https://learn.microsoft.com/en-us/entra/identity-platform/access-tokens#validate-tokens);
 * the emulator has no personal accounts, so `common` behaves as `organizations`. `consumers`
 * and unknown tenants answer AADSTS90002.
 */
export type Authority = { kind: 'tenant'; tenantId: string } | { kind: 'multi'; segment: 'organizations' | 'common' };

export const TENANT_ID_TEMPLATE = '{tenantid}';

export function resolveAuthority(segment: string, isKnownTenant: (tenantId: string) => boolean): Authority | undefined {
  const lower = segment.toLowerCase();
  if (lower === 'organizations' || lower === 'common') return { kind: 'multi', segment: lower };
  return isKnownTenant(lower) ? { kind: 'tenant', tenantId: lower } : undefined;
}

/** The segment as it appears in URLs the emulator emits for this authority. */
export function authoritySegment(authority: Authority): string {
  return authority.kind === 'tenant' ? authority.tenantId : authority.segment;
}
