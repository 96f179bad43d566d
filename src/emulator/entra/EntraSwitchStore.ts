/**
 * Per-user switches of the token endpoint (`POST /_emulator/users/:oid/entra`): how Entra
 * answers that user's on-behalf-of requests. Absent means `ok`. Reset clears every switch.
 *
 * `consentRequired`: the user has not consented to the add-in's Graph permissions; an
 * interactive consent (the sign-in page, or the NAA prompt) grants it and lifts the switch.
 * `adminConsentRequired`: the tenant does not let users consent; only an administrator could
 * (the interactive paths answer AADSTS90094).
 */
export const ENTRA_BEHAVIOURS = ['ok', 'consentRequired', 'adminConsentRequired', 'mfaRequired', 'assertionExpired', 'invalidScope'] as const;
export type EntraBehaviour = (typeof ENTRA_BEHAVIOURS)[number];

export function isEntraBehaviour(value: unknown): value is EntraBehaviour {
  return (ENTRA_BEHAVIOURS as readonly unknown[]).includes(value);
}

export class EntraSwitchStore {
  private readonly switches = new Map<string, Exclude<EntraBehaviour, 'ok'>>();

  behaviourOf(userOid: string): EntraBehaviour {
    return this.switches.get(userOid) ?? 'ok';
  }

  set(userOid: string, behaviour: EntraBehaviour): void {
    if (behaviour === 'ok') this.switches.delete(userOid);
    else this.switches.set(userOid, behaviour);
  }

  /** Whether this user must consent (or have an administrator consent) before Graph tokens are issued. */
  needsConsent(userOid: string): boolean {
    const behaviour = this.behaviourOf(userOid);
    return behaviour === 'consentRequired' || behaviour === 'adminConsentRequired';
  }

  /** The user accepted the consent prompt; an administrator-only requirement stays. */
  grantConsent(userOid: string): void {
    if (this.behaviourOf(userOid) === 'consentRequired') this.switches.delete(userOid);
  }

  /** Only users whose behaviour is not `ok`. */
  list(): Record<string, EntraBehaviour> {
    return Object.fromEntries(this.switches);
  }

  reset(): void {
    this.switches.clear();
  }
}
