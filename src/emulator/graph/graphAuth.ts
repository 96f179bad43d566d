/**
 * Bearer-token check for Graph routes: the token must be one this emulator issued for Graph
 * (signature, audience, issuer, lifetime on the emulator's clock), and the operation's scope
 * must be among those it carries. Authentication happens once per HTTP request (a `$batch`'s
 * items inherit the outer request's caller); the scope is checked per operation.
 */
import { graphErrors } from './graphErrors';
import { type GraphPrincipal, type Issuer } from '../entra/Issuer';

/** Delegated scopes that allow read-write workbook operations (https://learn.microsoft.com/en-us/graph/api/workbook-createsession#permissions). */
export const WORKBOOK_WRITE_SCOPES = ['Files.ReadWrite', 'Files.ReadWrite.All', 'Sites.ReadWrite.All'];
/** Delegated scopes that allow resolving a sharing/document URL (https://learn.microsoft.com/en-us/graph/api/shares-get). */
export const SHARES_READ_SCOPES = ['Files.Read', 'Files.Read.All', 'Sites.Read.All', ...WORKBOOK_WRITE_SCOPES];

export async function authenticateGraphCaller(
  authorization: string | undefined,
  issuer: Issuer,
): Promise<GraphPrincipal> {
  const match = authorization === undefined ? null : /^Bearer\s+(\S+)$/i.exec(authorization.trim());
  if (match?.[1] === undefined) throw graphErrors.missingToken(issuer.endpoints().authorization);
  const authorizationUri = issuer.endpoints().authorization;
  return issuer.verifyGraphToken(match[1], {
    expired: () => graphErrors.expiredToken(authorizationUri),
    invalid: () => graphErrors.invalidToken(authorizationUri),
  });
}

export function requireScope(principal: GraphPrincipal, acceptedScopes: readonly string[]): void {
  const granted = new Set(principal.scopes.map((s) => s.toLowerCase()));
  if (!acceptedScopes.some((s) => granted.has(s.toLowerCase()))) throw graphErrors.insufficientScope();
}
