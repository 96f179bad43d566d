/**
 * Sign-in paths 2 and 3 (docs/sign-in.md), in their own chunk: nested app authentication
 * through MSAL.js's nestable client, and MSAL.js in an Office dialog, plus consent on whichever
 * of them the host has. SignInManager loads this module the first time Office SSO cannot give
 * a token (or consent is missing); the state and the path stay in SignInManager's core.
 */
import { type SignInConfig } from '../../shared/api';
import { DialogError } from '../office/OfficeHost';
import { dialogUrl, parseDialogAnswer, type DialogRequest } from './dialog/dialogProtocol';
import { readJwtExpiry, readJwtUsername } from './jwtExpiry';
import { loadNestedAppAuth, type NestedAppAuthClient, NestedAppAuthUnavailableError } from './msalLoader';
import { type MsalFailure, msalFailureOf } from './msalFailure';
import { type SignInCore } from './SignInManager';
import { dialogOutcomeOf } from './dialogOutcome';
import { SignInRequiredError } from './signInState';
import { DEFAULT_EXPIRY_MARGIN_MS, type TokenRequest } from './TokenManager';

/** Office sizes dialogs in percent of the screen; a sign-in page needs about this much. */
const DIALOG_SIZE = { width: 40, height: 60 } as const;

export class FallbackPaths {
  private config: Promise<SignInConfig> | undefined;
  private knownConfig: SignInConfig | undefined;
  private naa: Promise<NestedAppAuthClient> | undefined;
  private naaPending: Promise<string> | undefined;
  private dialogToken: { token: string; reuseUntil: number } | undefined;

  constructor(private readonly core: SignInCore) {}

  /** The user's click (Sign in, Try again): the interactive step of the current path. */
  async interact(): Promise<void> {
    try {
      if (this.core.consentNeeded) {
        await this.askConsent();
        this.core.consentNeeded = false;
        this.core.signedIn(this.core.path);
        return;
      }
      switch (this.core.path) {
        case 'officeSso':
          await this.core.viaSso({ forceRefresh: true });
          return;
        case 'nestedAppAuth': {
          const claims = this.core.pendingClaims;
          await this.viaNestedAppAuth({
            forceRefresh: true,
            ...(claims === undefined ? {} : { authChallenge: claims }),
          });
          this.core.pendingClaims = undefined;
          return;
        }
        case 'officeDialog':
          await this.dialogSignIn();
          return;
      }
    } catch (error: unknown) {
      // The failing step has set the state already; anything else is a bug worth showing.
      if (!(error instanceof SignInRequiredError))
        this.core.fail('identityProvider', { detail: error instanceof Error ? error.name : 'unknown' });
    }
  }

  /** The user's click on the dialog path: sign in (with a waiting claims challenge, if any). */
  async dialogSignIn(): Promise<void> {
    const claims = this.core.pendingClaims;
    const token = await this.viaDialog(claims === undefined ? {} : { claims });
    this.core.pendingClaims = undefined;
    this.rememberDialogToken(token);
    this.core.signedIn('officeDialog');
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
    this.core.lastToken = token;
    this.core.signedIn('nestedAppAuth');
    return token;
  }

  private async nestedAppAuthClient(): Promise<{ config: SignInConfig; client: NestedAppAuthClient }> {
    const config = await this.signInConfig();
    this.naa ??= (this.core.deps.loadNestedAppAuth ?? loadNestedAppAuth)(config, this.core.deps.origin);
    try {
      return { config, client: await this.naa };
    } catch (error: unknown) {
      this.naa = undefined;
      if (error instanceof NestedAppAuthUnavailableError) {
        this.core.path = 'officeDialog';
        throw this.core.needs('signIn');
      }
      throw this.core.fail('network', { detail: error instanceof Error ? error.name : 'unknown' });
    }
  }

  fromDialogCache(request: TokenRequest): string {
    if (request.authChallenge !== undefined) {
      this.core.pendingClaims = request.authChallenge;
      this.dialogToken = undefined;
      throw this.core.needs('claimsChallenge');
    }
    if (!request.forceRefresh && this.dialogToken !== undefined && this.core.now() < this.dialogToken.reuseUntil)
      return this.dialogToken.token;
    this.dialogToken = undefined;
    throw this.core.needs('signInExpired');
  }

  /** Consent to the Graph permissions on the interactive path this host has. */
  async askConsent(): Promise<void> {
    const config = await this.signInConfig();
    if (this.core.path === 'nestedAppAuth' || (this.core.path === 'officeSso' && this.core.nestedAppAuthSupported())) {
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
    if (this.core.path === 'officeDialog') this.rememberDialogToken(token);
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
          reject(outcome.kind === 'needsInteraction' ? this.core.needs(outcome.reason) : this.core.fail(outcome.code)),
        );
      };
      this.core.deps.host
        .openDialog(dialogUrl(this.core.deps.origin, this.loginHinted(request)), DIALOG_SIZE, (event) => {
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
    this.core.lastToken = token;
    const exp = readJwtExpiry(token);
    const reuseUntil = exp === undefined ? 0 : exp * 1000 - DEFAULT_EXPIRY_MARGIN_MS;
    this.dialogToken = { token, reuseUntil };
  }

  private signInConfig(): Promise<SignInConfig> {
    this.config ??= this.core.deps.loadConfig().then(
      (config) => (this.knownConfig = config),
      (error: unknown) => {
        this.config = undefined;
        throw this.core.fail('network', { detail: error instanceof Error ? error.name : 'unknown' });
      },
    );
    return this.config;
  }

  private failFromMsal(failure: MsalFailure): SignInRequiredError {
    switch (failure.kind) {
      case 'cancelled':
        return this.core.needs('signInCancelled');
      case 'interactionRequired':
        return this.core.needs('signIn');
      case 'adminConsentRequired':
        return this.core.fail(
          'adminConsentRequired',
          this.knownConfig === undefined
            ? {}
            : { adminConsent: { clientId: this.knownConfig.clientId, permissions: [...this.knownConfig.graphScopes] } },
        );
      case 'network':
        return this.core.fail('network', { detail: failure.code });
      case 'unavailable':
        this.core.path = 'officeDialog';
        return this.core.needs('signIn');
      case 'other':
        return this.core.fail('identityProvider', { detail: failure.code });
    }
  }

  private loginHinted(request: DialogRequest): DialogRequest {
    const hint = this.core.lastToken === undefined ? undefined : readJwtUsername(this.core.lastToken);
    return hint === undefined ? request : { ...request, loginHint: hint };
  }
}
