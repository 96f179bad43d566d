/**
 * Per-user switches of the token endpoint (`POST /_emulator/users/:oid/entra`): how Entra
 * answers that user's on-behalf-of requests. Absent means `ok`. Reset clears every switch.
 */
export const ENTRA_BEHAVIOURS = ['ok', 'consentRequired', 'mfaRequired', 'assertionExpired', 'invalidScope'] as const;
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

  /** Only users whose behaviour is not `ok`. */
  list(): Record<string, EntraBehaviour> {
    return Object.fromEntries(this.switches);
  }

  reset(): void {
    this.switches.clear();
  }
}
