/**
 * Authorization codes of the emulator's /authorize endpoint: random, single use, valid for
 * ten minutes on the emulator clock (Entra's codes live about as long), each bound to the client,
 * the redirect URI, the PKCE challenge, the scopes and the nonce of the request that made it.
 * A redeemed code is remembered until it would have expired, so a second use is told apart
 * from an unknown code (Entra: AADSTS54005 vs AADSTS70000/70008).
 */
import { randomBytes } from 'node:crypto';

export const CODE_LIFETIME_MS = 10 * 60 * 1000;

export interface AuthorizationGrant {
  clientId: string;
  redirectUri: string;
  codeChallenge: string;
  /** The scopes as requested (space-separated), resolved again at redemption. */
  scope: string;
  nonce?: string;
  userOid: string;
}

export type CodeLookup =
  | { kind: 'valid'; grant: AuthorizationGrant }
  | { kind: 'unknown' }
  | { kind: 'expired' }
  | { kind: 'alreadyRedeemed' };

interface StoredCode {
  grant: AuthorizationGrant;
  expiresAt: number;
  redeemed: boolean;
}

export class AuthorizationCodeStore {
  private readonly codes = new Map<string, StoredCode>();

  constructor(private readonly now: () => number) {}

  issue(grant: AuthorizationGrant): string {
    this.sweep();
    // The "0.A" prefix and length echo Entra's opaque codes; clients must not parse them.
    const code = `0.A${randomBytes(96).toString('base64url')}`;
    this.codes.set(code, { grant: { ...grant }, expiresAt: this.now() + CODE_LIFETIME_MS, redeemed: false });
    return code;
  }

  /** Marks the code used whatever the outcome of the checks that follow: a code is tried once. */
  redeem(code: string): CodeLookup {
    const stored = this.codes.get(code);
    if (stored === undefined) return { kind: 'unknown' };
    if (stored.redeemed) return { kind: 'alreadyRedeemed' };
    stored.redeemed = true;
    if (this.now() >= stored.expiresAt) return { kind: 'expired' };
    return { kind: 'valid', grant: { ...stored.grant } };
  }

  reset(): void {
    this.codes.clear();
  }

  private sweep(): void {
    const now = this.now();
    for (const [code, stored] of this.codes) if (now >= stored.expiresAt) this.codes.delete(code);
  }
}
