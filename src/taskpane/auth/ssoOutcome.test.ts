import { ssoOutcomeOf, ssoUnavailableReasonOf } from './ssoOutcome';

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

  it('explains each fallback code with its own reason', () => {
    const reasons = [13000, 13003, 13005, 13007, 13012, 50001].map(ssoUnavailableReasonOf);
    expect(new Set(reasons).size).toBe(6);
    expect(reasons).not.toContain('unknown');
    expect(ssoUnavailableReasonOf(13011)).toBe('unknown');
  });
});
