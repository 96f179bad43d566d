import { problemStringsFor } from '../i18n/ProblemStrings';
import { type SupportedLocale } from '../i18n/Strings';
import { signInStringsFor } from './signInStrings';
import { initialSignInState, type InteractionReason, type SignInState, type SignInStop } from './signInState';
import { signInText } from './signInText';

const LOCALES: SupportedLocale[] = ['en-US', 'es-ES'];
const REASONS: InteractionReason[] = [
  'signIn',
  'signInCancelled',
  'dialogClosed',
  'consentRequired',
  'claimsChallenge',
  'signInExpired',
];
const state = (extra: Partial<SignInState>): SignInState => ({ ...initialSignInState, signedInOnce: true, ...extra });
const needsUser = (reason: InteractionReason): SignInStop => ({ kind: 'needsUser', reason, seq: 1 });
const textFor = (locale: SupportedLocale, s: SignInState, stop: SignInStop) =>
  signInText(signInStringsFor(locale), problemStringsFor(locale), s, stop);

describe.each(LOCALES)('the sign-in bar in %s', (locale) => {
  const strings = signInStringsFor(locale);

  it.each(REASONS)('signed in, only consent missing (%s): never asks to sign in', (reason) => {
    const text = textFor(locale, state({ consentNeeded: true }), needsUser(reason));
    expect(text.title).toBe(strings.titles.consent);
    expect(text.button).toBe(strings.buttons.consent);
    expect(text.busyButton).toBe(strings.busy.consent);
    expect([text.title, text.body]).not.toContain(strings.firstSignInTitle);
    expect(text.body).not.toContain(strings.buttons.signIn);
  });

  it.each(REASONS)('signed in, only a claims check missing (%s): "Verify", never "Sign in"', (reason) => {
    const text = textFor(locale, state({ pendingClaims: '{"c":1}' }), needsUser(reason));
    expect(text.title).toBe(strings.titles.verify);
    expect(text.button).toBe(strings.buttons.verify);
    expect(text.title).not.toBe(strings.firstSignInTitle);
    if (reason !== 'signIn' && reason !== 'signInExpired') expect(text.body).not.toContain(strings.buttons.signIn);
  });

  it('the one-line explanations name what is missing', () => {
    expect(textFor(locale, state({ consentNeeded: true }), needsUser('consentRequired')).body).toBe(
      strings.explain.consent,
    );
    expect(textFor(locale, state({ pendingClaims: '{}' }), needsUser('claimsChallenge')).body).toBe(
      strings.explain.verify,
    );
  });

  it('a first sign-in asks to sign in; someone signed in before is asked to sign in again', () => {
    expect(textFor(locale, state({ signedInOnce: false }), needsUser('signIn'))).toMatchObject({
      title: strings.firstSignInTitle,
      button: strings.buttons.signIn,
    });
    expect(textFor(locale, state({}), needsUser('signInExpired')).title).toBe(strings.titles.signIn);
  });

  it('a failure says what could not be obtained, and offers to try again', () => {
    const failed: SignInStop = { kind: 'failed', code: 'dialogBlocked', seq: 2 };
    expect(textFor(locale, state({ pendingClaims: '{}' }), failed)).toMatchObject({
      title: strings.failedTitles.verify,
      body: strings.failures.dialogBlocked,
      button: strings.tryAgainButton,
      busyButton: strings.busy.verify,
    });
  });

  it('the administrator grant names the app and each Graph permission', () => {
    const failed: SignInStop = {
      kind: 'failed',
      code: 'adminConsentRequired',
      adminConsent: { clientId: 'app-id', permissions: ['https://graph.microsoft.com/Files.ReadWrite'] },
      seq: 1,
    };
    const { body } = textFor(locale, state({ consentNeeded: true }), failed);
    expect(body).toContain('app-id');
    expect(body).toContain('Files.ReadWrite');
    expect(body).not.toContain('https://graph.microsoft.com/');
  });
});
