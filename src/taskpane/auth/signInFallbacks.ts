/**
 * Sign-in paths 2 and 3 (docs/sign-in.md), in their own chunk: nested app authentication
 * through MSAL.js's nestable client, and MSAL.js in an Office dialog, plus consent on whichever
 * of them the host has. SignInManager loads this module the first time Office SSO cannot give
 * a token (or the person clicks). These are effects: they read the sign-in state and report
 * events to its reducer (signInState.ts); what they keep is their own (clients, the dialog's token).
 */
import { type SignInConfig } from '../../shared/api';
import { DialogError } from '../office/OfficeHost';
import { dialogUrl, parseDialogAnswer, type DialogRequest } from './dialog/dialogProtocol';
import { readJwtExpiry, readJwtPayload } from './jwtExpiry';
import { loadNestedAppAuth, type NestedAppAuthClient, NestedAppAuthUnavailableError } from './msalLoader';
import { type MsalFailure, msalFailureOf } from './msalFailure';
import { type SignInEffects } from './SignInManager';
import { dialogOutcomeOf } from './dialogOutcome';
import { NESTED_APP_AUTH_SET, nextStepAfterSso } from './signInSteps';
import { type InteractionReason, type SignInFailure, type SignInPath, type SignInRequiredError } from './signInState';
import { DEFAULT_EXPIRY_MARGIN_MS, type TokenRequest } from './TokenManager';

/** Office sizes dialogs in percent of the screen; a sign-in page needs about this much. */
const DIALOG_SIZE = { width: 40, height: 60 } as const;

export class FallbackPaths {
  private config: Promise<SignInConfig> | undefined;
  private knownConfig: SignInConfig | undefined;
  private naa: Promise<NestedAppAuthClient> | undefined;
  private naaPending: Promise<string> | undefined;
  private dialogToken: { token: string; reuseUntil: number } | undefined;
  /** The last token this chunk's paths gave (its account is offered first on the sign-in page). */
  private lastToken: string | undefined;

  constructor(private readonly effects: SignInEffects) {}

  /**
   * The user's click (Sign in, Grant permission, Verify, Try again): the interactive step of the
   * current path, with the consent or claims that are missing. Resolves once it gave a token;
   * rejects with SignInRequiredError (already reported) when the person has to act again.
   */
  async interact(): Promise<void> {
    const { path, consentNeeded, pendingClaims } = this.effects.state();
    if (consentNeeded) return this.askConsent(path);
    const claims = pendingClaims === undefined ? {} : { authChallenge: pendingClaims };
    switch (path) {
      case 'officeSso':
        await this.effects.viaSso({ forceRefresh: true, ...claims });
        return;
      case 'nestedAppAuth':
        await this.viaNestedAppAuth({ forceRefresh: true, ...claims });
        return;
      case 'officeDialog':
        this.rememberDialogToken(await this.viaDialog(pendingClaims === undefined ? {} : { claims: pendingClaims }));
        return;
    }
  }

  /** Office SSO failed with `code`: the next path, or what the person must do (signInSteps.ts). */
  async afterSsoFailure(code: number, request: TokenRequest): Promise<string> {
    const claims = request.authChallenge === undefined ? {} : { claims: request.authChallenge };
    const step = nextStepAfterSso(code, this.nestedAppAuthSupported());
    switch (step.kind) {
      case 'nestedAppAuth':
        this.effects.dispatch({ type: 'pathChosen', path: 'nestedAppAuth' });
        return this.viaNestedAppAuth(
          request.authChallenge === undefined ? {} : { authChallenge: request.authChallenge },
        );
      case 'officeDialog':
        this.effects.dispatch({ type: 'pathChosen', path: 'officeDialog' });
        throw this.effects.stop({ type: 'needsUser', reason: 'signIn', ...claims });
      case 'askUser':
        throw this.effects.stop({ type: 'needsUser', reason: 'signInCancelled', ...claims });
      case 'stop':
        throw this.fail({ code: 'officeSso', ssoCode: code });
    }
  }

  viaNestedAppAuth(request: TokenRequest): Promise<string> {
    // One acquisition at a time, so concurrent calls never open two interactive prompts.
    if (this.naaPending !== undefined && request.authChallenge === undefined) return this.naaPending;
    const call = this.acquireNestedAppAuth(request).finally(() => {
      if (this.naaPending === call) this.naaPending = undefined;
    });
    this.naaPending = call;
    return call;
  }

  private async acquireNestedAppAuth(request: TokenRequest): Promise<string> {
    const { config, client } = await this.nestedAppAuthClient();
    const claims = request.authChallenge === undefined ? {} : { claims: request.authChallenge };
    let token: string;
    try {
      token = await client.acquireSilent({
        scopes: [config.apiScope],
        ...claims,
        forceRefresh: request.forceRefresh === true,
      });
    } catch (silentError: unknown) {
      const failure = msalFailureOf(silentError);
      if (failure.kind !== 'interactionRequired') throw this.failFromMsal(failure);
      try {
        token = await client.acquireInteractive({ scopes: [config.apiScope], ...claims });
      } catch (interactiveError: unknown) {
        throw this.failFromMsal(msalFailureOf(interactiveError));
      }
    }
    this.lastToken = token;
    this.effects.dispatch({ type: 'tokenGiven', path: 'nestedAppAuth' });
    return token;
  }

  private async nestedAppAuthClient(): Promise<{ config: SignInConfig; client: NestedAppAuthClient }> {
    const config = await this.signInConfig();
    this.naa ??= (this.effects.deps.loadNestedAppAuth ?? loadNestedAppAuth)(config, this.effects.deps.origin);
    try {
      return { config, client: await this.naa };
    } catch (error: unknown) {
      this.naa = undefined;
      if (error instanceof NestedAppAuthUnavailableError) throw this.toDialogPath();
      throw this.fail({ code: 'network', detail: nameOf(error) });
    }
  }

  fromDialogCache(request: TokenRequest): string {
    if (request.authChallenge !== undefined) {
      this.dialogToken = undefined;
      throw this.effects.stop({ type: 'needsUser', reason: 'claimsChallenge', claims: request.authChallenge });
    }
    if (!request.forceRefresh && this.dialogToken !== undefined && this.effects.now() < this.dialogToken.reuseUntil)
      return this.dialogToken.token;
    this.dialogToken = undefined;
    throw this.needs('signInExpired');
  }

  /** Consent to the Graph permissions on the interactive path this host has. */
  private async askConsent(path: SignInPath): Promise<void> {
    const config = await this.signInConfig();
    if (path === 'nestedAppAuth' || (path === 'officeSso' && this.nestedAppAuthSupported())) {
      const { client } = await this.nestedAppAuthClient();
      try {
        // Asking for the Graph permissions themselves makes Office show the consent for them;
        // the Graph token is not used (the middle tier gets its own on behalf of the user).
        await client.acquireInteractive({ scopes: config.graphScopes });
      } catch (error: unknown) {
        throw this.failFromMsal(msalFailureOf(error));
      }
      return;
    }
    const token = await this.viaDialog({ prompt: 'consent' });
    if (path === 'officeDialog') this.rememberDialogToken(token);
  }

  /** One sign-in in the Office dialog; resolves with the token, or rejects with SignInRequiredError. */
  private viaDialog(request: DialogRequest): Promise<string> {
    return new Promise<string>((resolve, reject) => {
      let handle: { close(): void } | undefined;
      let settled = false;
      const settle = (outcome: () => void): void => {
        if (settled) return;
        settled = true;
        handle?.close();
        outcome();
      };
      // A dialog that could not open and one that reported an event end alike, by Office's code.
      const endWithCode = (code: number): void => {
        const outcome = dialogOutcomeOf(code);
        settle(() =>
          reject(outcome.kind === 'needsInteraction' ? this.needs(outcome.reason) : this.fail({ code: outcome.code })),
        );
      };
      this.effects.deps.host
        .openDialog(dialogUrl(this.effects.deps.origin, this.loginHinted(request)), DIALOG_SIZE, (event) => {
          if (event.kind === 'event') {
            endWithCode(event.code);
            return;
          }
          const answer = parseDialogAnswer(event.message);
          if (answer === undefined) return; // not our page's message: keep waiting
          if (answer.kind === 'token') settle(() => resolve(answer.accessToken));
          else settle(() => reject(this.failFromMsal({ kind: answer.failure, code: answer.code })));
        })
        .then(
          (opened) => {
            handle = opened;
            if (settled) opened.close();
          },
          (error: unknown) => endWithCode(error instanceof DialogError ? error.code : 0),
        );
    });
  }

  private rememberDialogToken(token: string): void {
    this.lastToken = token;
    this.effects.dispatch({ type: 'tokenGiven', path: 'officeDialog' });
    const exp = readJwtExpiry(token);
    const reuseUntil = exp === undefined ? 0 : exp * 1000 - DEFAULT_EXPIRY_MARGIN_MS;
    this.dialogToken = { token, reuseUntil };
  }

  private signInConfig(): Promise<SignInConfig> {
    this.config ??= this.effects.deps.loadConfig().then(
      (config) => (this.knownConfig = config),
      (error: unknown) => {
        this.config = undefined;
        throw this.fail({ code: 'network', detail: nameOf(error) });
      },
    );
    return this.config;
  }

  private failFromMsal(failure: MsalFailure): SignInRequiredError {
    switch (failure.kind) {
      case 'cancelled':
        return this.needs('signInCancelled');
      case 'interactionRequired':
        return this.needs('signIn');
      case 'adminConsentRequired': {
        const config = this.knownConfig;
        const grant = config && { clientId: config.clientId, permissions: [...config.graphScopes] };
        return this.fail({ code: 'adminConsentRequired', ...(grant === undefined ? {} : { adminConsent: grant }) });
      }
      case 'network':
        return this.fail({ code: 'network', detail: failure.code });
      case 'unavailable':
        return this.toDialogPath();
      case 'other':
        return this.fail({ code: 'identityProvider', detail: failure.code });
    }
  }

  private nestedAppAuthSupported(): boolean {
    return this.effects.deps.host.isSetSupported(NESTED_APP_AUTH_SET.name, NESTED_APP_AUTH_SET.version);
  }

  /** Nested app authentication is not there after all: the dialog path, which needs a click. */
  private toDialogPath(): SignInRequiredError {
    this.effects.dispatch({ type: 'pathChosen', path: 'officeDialog' });
    return this.needs('signIn');
  }

  private needs(reason: InteractionReason): SignInRequiredError {
    return this.effects.stop({ type: 'needsUser', reason });
  }

  private fail(failure: SignInFailure): SignInRequiredError {
    return this.effects.stop({ type: 'failed', failure });
  }

  /** Offers first the account of the current path's token. */
  private loginHinted(request: DialogRequest): DialogRequest {
    const token = this.effects.state().path === 'officeSso' ? this.effects.ssoToken() : this.lastToken;
    const hint = token === undefined ? undefined : usernameOf(token);
    return hint === undefined ? request : { ...request, loginHint: hint };
  }
}

/**
 * `preferred_username`, only as a login hint for the sign-in page; never used to identify
 * anyone. Passed on in the page's URL: only a plain ASCII sign-in name of a sane length.
 */
function usernameOf(token: string): string | undefined {
  const name = readJwtPayload(token)?.preferred_username;
  return typeof name === 'string' && /^[\x21-\x7e]{1,256}$/.test(name) ? name : undefined;
}

function nameOf(error: unknown): string {
  return error instanceof Error ? error.name : 'unknown';
}
