/**
 * The dev host's current choice: who is signed into "Office", which workbook is open (or an
 * unsaved one), the UI language, and how `getAccessToken` should behave. The Office host shim
 * reads it once per page load.
 */
import { type DisplayLanguage } from '../seed';

/** Office SSO error codes the host can be told to fail with (facts §7.4). 13008 comes from the shim itself. */
export const SSO_FAILURE_CODES = [13000, 13001, 13002, 13003, 13004, 13005, 13006, 13007, 13012, 13013, 50001] as const;
export type SsoFailureCode = (typeof SSO_FAILURE_CODES)[number];
export type SsoBehaviour = 'ok' | SsoFailureCode;

export interface HostContext {
  userOid: string;
  /** `null`: an unsaved workbook, for which Office reports no URL. */
  workbookItemId: string | null;
  displayLanguage: DisplayLanguage;
  ssoBehaviour: SsoBehaviour;
}

export function isSsoBehaviour(value: unknown): value is SsoBehaviour {
  return value === 'ok' || (typeof value === 'number' && (SSO_FAILURE_CODES as readonly number[]).includes(value));
}

export class HostContextStore {
  private current: HostContext;

  constructor(private readonly initial: () => HostContext) {
    this.current = initial();
  }

  get(): HostContext {
    return { ...this.current };
  }

  set(next: HostContext): void {
    this.current = { ...next };
  }

  reset(): void {
    this.current = this.initial();
  }
}
