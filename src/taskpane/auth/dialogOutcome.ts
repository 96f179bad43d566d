/** What each Office dialog code means for sign-in (loaded with the fallback paths). */
/** Office dialog codes (https://learn.microsoft.com/en-us/office/dev/add-ins/develop/dialog-handle-errors-events). */
export type DialogOutcome =
  | { kind: 'needsInteraction'; reason: 'dialogClosed' }
  | { kind: 'failed'; code: 'dialogBlocked' | 'dialogAlreadyOpen' | 'dialogPageFailed' | 'dialogUnavailable' };

export function dialogOutcomeOf(code: number): DialogOutcome {
  switch (code) {
    case 12006:
      return { kind: 'needsInteraction', reason: 'dialogClosed' };
    case 12009:
      return { kind: 'failed', code: 'dialogBlocked' };
    case 12007:
      return { kind: 'failed', code: 'dialogAlreadyOpen' };
    case 12002:
    case 12003:
      return { kind: 'failed', code: 'dialogPageFailed' };
    default:
      return { kind: 'failed', code: 'dialogUnavailable' };
  }
}
