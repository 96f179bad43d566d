/**
 * How the Entra token endpoint treats users and the app, as tests and the dev host set it:
 *
 *  - per-user switches (`POST /_emulator/users/:oid/entra`): how Entra answers that user's
 *    on-behalf-of requests (absent means `ok`);
 *  - per-user MFA state: whether the user has passed multi-factor authentication, which the
 *    Office host records when getAccessToken is called with the claims challenge
 *    (`authChallenge`). Real v2 access tokens carry no `amr`, so the state lives here, as
 *    Entra keeps it in its own sign-in session; setting a switch starts the user afresh;
 *  - the app's client secret: valid, or expired (AADSTS7000222).
 *
 * `consentRequired`: the user has not consented to the add-in's Graph permissions; an
 * interactive consent (the sign-in page, or the nested-app-authentication prompt) grants it
 * and lifts the switch. `adminConsentRequired`: the tenant does not let users consent; the
 * interactive paths answer AADSTS90094 and the switch stays.
 *
 * Reset clears all of it.
 */
import {
  GUID_PATTERN,
  readArray,
  readBoolean,
  readObject,
  readString,
  StateFileError,
} from '../persistence/stateReaders';

export const ENTRA_BEHAVIOURS = [
  'ok',
  'consentRequired',
  'adminConsentRequired',
  'mfaRequired',
  'interactionRequired',
  'assertionExpired',
  'invalidScope',
] as const;
export type EntraBehaviour = (typeof ENTRA_BEHAVIOURS)[number];

export function isEntraBehaviour(value: unknown): value is EntraBehaviour {
  return (ENTRA_BEHAVIOURS as readonly unknown[]).includes(value);
}

export interface AppCredentialState {
  clientSecretExpired: boolean;
}

export class EntraSwitchStore {
  private readonly switches = new Map<string, Exclude<EntraBehaviour, 'ok'>>();
  private readonly mfaPassed = new Set<string>();
  private appState: AppCredentialState = { clientSecretExpired: false };

  behaviourOf(userOid: string): EntraBehaviour {
    return this.switches.get(userOid) ?? 'ok';
  }

  set(userOid: string, behaviour: EntraBehaviour): void {
    this.mfaPassed.delete(userOid);
    if (behaviour === 'ok') this.switches.delete(userOid);
    else this.switches.set(userOid, behaviour);
  }

  /** The user completed the MFA prompt (Office's getAccessToken with `authChallenge`). */
  recordMfa(userOid: string): void {
    this.mfaPassed.add(userOid);
  }

  hasPassedMfa(userOid: string): boolean {
    return this.mfaPassed.has(userOid);
  }

  /** Whether this user must consent (or have an administrator consent) before Graph tokens are issued. */
  needsConsent(userOid: string): boolean {
    const behaviour = this.behaviourOf(userOid);
    return behaviour === 'consentRequired' || behaviour === 'adminConsentRequired';
  }

  /** The user accepted a consent prompt; an administrator-only requirement stays. */
  grantConsent(userOid: string): void {
    if (this.behaviourOf(userOid) === 'consentRequired') this.switches.delete(userOid);
  }

  /** Only users whose behaviour is not `ok`. */
  list(): Record<string, EntraBehaviour> {
    return Object.fromEntries(this.switches);
  }

  /** Users who have passed MFA. */
  mfaUsers(): string[] {
    return [...this.mfaPassed];
  }

  app(): AppCredentialState {
    return { ...this.appState };
  }

  setApp(state: AppCredentialState): void {
    this.appState = { ...state };
  }

  reset(): void {
    this.switches.clear();
    this.mfaPassed.clear();
    this.appState = { clientSecretExpired: false };
  }

  snapshot(): EntraSwitchSnapshot {
    return { users: this.list(), mfaPassed: this.mfaUsers(), app: this.app() };
  }

  /** Replaces everything by a snapshot read with `readEntraSwitchSnapshot`. */
  restore(snapshot: EntraSwitchSnapshot): void {
    this.reset();
    for (const [oid, behaviour] of Object.entries(snapshot.users)) this.set(oid, behaviour);
    for (const oid of snapshot.mfaPassed) this.mfaPassed.add(oid);
    this.appState = { ...snapshot.app };
  }
}

export interface EntraSwitchSnapshot {
  users: Record<string, EntraBehaviour>;
  mfaPassed: string[];
  app: AppCredentialState;
}

const MAX_STORED_USERS = 10_000;

/** The switches from the state file, each field checked. */
export function readEntraSwitchSnapshot(value: unknown): EntraSwitchSnapshot {
  const fields = readObject(value, 'switches');
  const usersIn = readObject(fields.users, 'switches.users');
  const users: Record<string, EntraBehaviour> = {};
  for (const [oid, behaviour] of Object.entries(usersIn).slice(0, MAX_STORED_USERS)) {
    readString(oid, 'a switches.users key', 36, GUID_PATTERN);
    if (!isEntraBehaviour(behaviour))
      throw new StateFileError(`switches.users.${oid} must be one of ${ENTRA_BEHAVIOURS.join(', ')}`);
    users[oid] = behaviour;
  }
  const mfaPassed = readArray(fields.mfaPassed, 'switches.mfaPassed', MAX_STORED_USERS).map((oid, i) =>
    readString(oid, `switches.mfaPassed[${i}]`, 36, GUID_PATTERN),
  );
  const app = readObject(fields.app, 'switches.app');
  return {
    users,
    mfaPassed,
    app: { clientSecretExpired: readBoolean(app.clientSecretExpired, 'switches.app.clientSecretExpired') },
  };
}
