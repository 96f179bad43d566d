import {
  initialSignInState,
  needOf,
  type SignInEvent,
  signInReducer,
  type SignInState,
  waitsForUser,
} from './signInState';

/** Signed in on `path` once, nothing missing. */
const signedIn = (extra: Partial<SignInState> = {}): SignInState => ({
  ...initialSignInState,
  signedInOnce: true,
  status: { kind: 'idle' },
  ...extra,
});
const run = (state: SignInState, ...events: SignInEvent[]): SignInState => events.reduce(signInReducer, state);

describe('signInReducer', () => {
  it.each<[string, SignInState, SignInEvent[], Partial<SignInState>]>([
    [
      'the start: a silent SSO token ends the quiet wait',
      initialSignInState,
      [{ type: 'tokenGiven', path: 'officeSso' }],
      { path: 'officeSso', signedInOnce: true, status: { kind: 'idle' }, resumed: 0 },
    ],
    [
      'SSO cannot: nested app authentication works on quietly, then gives a token',
      initialSignInState,
      [
        { type: 'pathChosen', path: 'nestedAppAuth' },
        { type: 'tokenGiven', path: 'nestedAppAuth' },
      ],
      { path: 'nestedAppAuth', status: { kind: 'idle' } },
    ],
    [
      'SSO cannot and there is no NAA: the dialog path waits for a click',
      initialSignInState,
      [
        { type: 'pathChosen', path: 'officeDialog' },
        { type: 'needsUser', reason: 'signIn' },
      ],
      { path: 'officeDialog', signedInOnce: false, status: { kind: 'needsUser', reason: 'signIn', seq: 1 } },
    ],
    [
      'consent missing while signed in: the path stays, consent is what the click asks for',
      signedIn(),
      [{ type: 'consentRequired' }],
      {
        path: 'officeSso',
        signedInOnce: true,
        consentNeeded: true,
        status: { kind: 'needsUser', reason: 'consentRequired', seq: 1 },
      },
    ],
    [
      'a claims challenge the dialog path cannot answer by itself waits with its claims',
      signedIn({ path: 'officeDialog' }),
      [{ type: 'needsUser', reason: 'claimsChallenge', claims: '{"c":1}' }],
      { pendingClaims: '{"c":1}', status: { kind: 'needsUser', reason: 'claimsChallenge', seq: 1 } },
    ],
    [
      'a click keeps the message it belongs to while its step works',
      signedIn({ consentNeeded: true, status: { kind: 'needsUser', reason: 'consentRequired', seq: 1 } }),
      [{ type: 'clicked' }],
      {
        status: { kind: 'working', interactive: true, over: { kind: 'needsUser', reason: 'consentRequired', seq: 1 } },
      },
    ],
    [
      'a token while a click works does not end the click (the dialog may still be open)',
      signedIn({ status: { kind: 'working', interactive: true, over: undefined } }),
      [{ type: 'tokenGiven', path: 'officeSso' }],
      { status: { kind: 'working', interactive: true, over: undefined } },
    ],
    [
      'the click succeeds: nothing missing any more, the waiting action may run again, one announcement',
      signedIn({ consentNeeded: true, status: { kind: 'needsUser', reason: 'consentRequired', seq: 1 } }),
      [{ type: 'clicked' }, { type: 'clickSucceeded' }],
      { consentNeeded: false, status: { kind: 'idle' }, resumed: 1, outcome: { seq: 1, need: 'consent' } },
    ],
    [
      'verifying answers the claims: they are not carried again',
      signedIn({ pendingClaims: '{"c":1}', status: { kind: 'needsUser', reason: 'claimsChallenge', seq: 1 } }),
      [{ type: 'clicked' }, { type: 'clickSucceeded' }],
      { pendingClaims: undefined, resumed: 1, outcome: { seq: 1, need: 'verify' } },
    ],
    [
      'the click fails: a new message (next seq) and the consent is still missing',
      signedIn({ consentNeeded: true, status: { kind: 'needsUser', reason: 'consentRequired', seq: 1 } }),
      [{ type: 'clicked' }, { type: 'needsUser', reason: 'dialogClosed' }],
      { consentNeeded: true, status: { kind: 'needsUser', reason: 'dialogClosed', seq: 2 }, resumed: 0 },
    ],
    [
      'a failure keeps its code and details',
      signedIn(),
      [{ type: 'failed', failure: { code: 'officeSso', ssoCode: 13006 } }],
      { status: { kind: 'failed', code: 'officeSso', ssoCode: 13006, seq: 1 } },
    ],
    [
      'a new stop after a success clears the old announcement',
      signedIn({ outcome: { seq: 1, need: 'signIn' }, resumed: 1 }),
      [{ type: 'needsUser', reason: 'signInExpired' }],
      { outcome: null, resumed: 1 },
    ],
  ])('%s', (_title, state, events, expected) => {
    expect(run(state, ...events)).toMatchObject(expected);
  });

  it('returns the same state when nothing changes, so listeners are not told', () => {
    const state = signedIn();
    expect(signInReducer(state, { type: 'tokenGiven', path: 'officeSso' })).toBe(state);
    expect(signInReducer(state, { type: 'pathChosen', path: 'officeSso' })).toBe(state);
  });
});

describe('what the next click obtains', () => {
  it.each<[string, Partial<SignInState>, ReturnType<typeof needOf>]>([
    ['nothing missing but a token', {}, 'signIn'],
    ['a claims challenge waiting', { pendingClaims: '{}' }, 'verify'],
    ['consent missing (asked first, with or without claims)', { consentNeeded: true, pendingClaims: '{}' }, 'consent'],
  ])('%s → %s', (_title, extra, need) => {
    expect(needOf(signedIn(extra))).toBe(need);
  });

  it.each<[SignInState['status'], boolean]>([
    [{ kind: 'idle' }, false],
    [{ kind: 'working', interactive: false }, false],
    [{ kind: 'working', interactive: true, over: undefined }, true],
    [{ kind: 'needsUser', reason: 'signIn', seq: 1 }, true],
    [{ kind: 'failed', code: 'network', seq: 1 }, true],
  ])('the pane waits for the person with %j: %s', (status, waits) => {
    expect(waitsForUser(signedIn({ status }))).toBe(waits);
  });
});
