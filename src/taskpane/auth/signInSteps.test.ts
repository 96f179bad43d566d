import { dialogOutcomeOf } from './dialogOutcome';
import { nextStepAfterSso } from './signInSteps';

describe('nextStepAfterSso: each Office SSO code → the next step', () => {
  it.each([13000, 13001, 13003, 13004, 13005, 13007, 13012, 50001, 13009, 13011, 0])(
    '%i (a prompt cannot cure it) → nested app authentication when supported, else the Office dialog',
    (code) => {
      expect(nextStepAfterSso(code, true)).toEqual({ kind: 'nestedAppAuth' });
      expect(nextStepAfterSso(code, false)).toEqual({ kind: 'officeDialog' });
    },
  );

  it('13002 (the user cancelled Office’s prompt) → the user decides, on either host', () => {
    expect(nextStepAfterSso(13002, true)).toEqual({ kind: 'askUser' });
    expect(nextStepAfterSso(13002, false)).toEqual({ kind: 'askUser' });
  });

  it.each([13006, 13008, 13010, 13013])('%i (a state of Office itself) → stop and say what to do', (code) => {
    expect(nextStepAfterSso(code, true)).toEqual({ kind: 'stop' });
    expect(nextStepAfterSso(code, false)).toEqual({ kind: 'stop' });
  });
});

describe('dialogOutcomeOf: each Office dialog code → its own outcome', () => {
  it.each([
    [12006, { kind: 'needsInteraction', reason: 'dialogClosed' }],
    [12009, { kind: 'failed', code: 'dialogBlocked' }],
    [12007, { kind: 'failed', code: 'dialogAlreadyOpen' }],
    [12002, { kind: 'failed', code: 'dialogPageFailed' }],
    [12004, { kind: 'failed', code: 'dialogUnavailable' }],
    [0, { kind: 'failed', code: 'dialogUnavailable' }],
  ])('%i → %j', (code, outcome) => {
    expect(dialogOutcomeOf(code)).toEqual(outcome);
  });
});
