import { ssoOutcomeOf } from './ssoOutcome';

describe('ssoOutcomeOf (Office SSO error codes)', () => {
  it.each([
    [13001, 'signInRequired'],
    [13002, 'signInCancelled'],
    [13004, 'addInMisconfigured'],
    [13006, 'restartBrowser'],
    [13008, 'retry'],
    [13010, 'browserSecurityZones'],
    [13013, 'throttled'],
    [13000, 'ssoUnavailable'],
    [13003, 'ssoUnavailable'],
    [13005, 'ssoUnavailable'],
    [13007, 'ssoUnavailable'],
    [13012, 'ssoUnavailable'],
    [50001, 'ssoUnavailable'],
    [13009, 'ssoUnavailable'],
    [0, 'ssoUnavailable'],
  ])('maps %i to %s', (code, outcome) => {
    expect(ssoOutcomeOf(code)).toBe(outcome);
  });
});
