/**
 * The pane's one token source, and the sign-in state the UI shows (docs/sign-in.md):
 *
 *   1. Office SSO (`getAccessToken`), through TokenManager (single flight, cache until `exp`);
 *   2. when SSO fails with a code no prompt cures and the host supports NestedAppAuth 1.1:
 *      MSAL.js's nestable client, silent first, then interactive (Office shows the UI);
 *   3. otherwise MSAL.js in an Office dialog, which needs a click ("Sign in"): the pane never
 *      opens a window the user did not ask for.
 *
 * The path that gave the token also answers its claims challenges (SSO `authChallenge`, MSAL
 * `claims`). Consent missing for the Graph permissions (the middle tier's `consentRequired`)
 * is asked for interactively: NAA for the Graph scopes, or the dialog with `prompt=consent`.
 * While the user must act, `getToken` rejects at once with SignInRequiredError. Tokens live in
 * memory only.
 */
import { type SignInConfig } from '../../shared/api';
import { DialogError, type OfficeHost, SsoError } from '../office/OfficeHost';
import { dialogUrl, parseDialogAnswer, type DialogRequest } from './dialog/dialogProtocol';
import { readJwtExpiry, readJwtUsername } from './jwtExpiry';
import { type NestedAppAuthClient, NestedAppAuthUnavailableError } from './msalLoader';
import { type MsalFailure, msalFailureOf } from './msalFailure';
import { dialogOutcomeOf, NESTED_APP_AUTH_SET, nextStepAfterSso } from './signInSteps';
import { type InteractionReason, type SignInFailureCode, type SignInPath, SignInRequiredError, type SignInState } from './signInState';
import { DEFAULT_EXPIRY_MARGIN_MS, TokenManager, type TokenRequest, type TokenSource } from './TokenManager';

export interface SignInManagerDeps {
  host: Pick<OfficeHost, 'getAccessToken' | 'isSetSupported' | 'openDialog'>;
  /** The add-in's origin: the dialog page and the NAA redirect URI are on it. */
  origin: string;
  loadConfig(): Promise<SignInConfig>;
  loadNestedAppAuth(config: SignInConfig, origin: string): Promise<NestedAppAuthClient>;
  now?: () => number;
}

/** Office sizes dialogs in percent of the screen; a sign-in page needs about this much. */
const DIALOG_SIZE = { width: 40, height: 60 } as const;

export class SignInManager implements TokenSource {
  private state: SignInState = { kind: 'signingIn', path: 'officeSso' };
  private readonly listeners = new Set<() => void>();
  private path: SignInPath = 'officeSso';
  private readonly sso: TokenManager;
  private readonly now: () => number;
  private config: Promise<SignInConfig> | undefined;
  private knownConfig: SignInConfig | undefined;
  private naa: Promise<NestedAppAuthClient> | undefined;
  private naaPending: Promise<string> | undefined;
  private dialogToken: { token: string; reuseUntil: number } | undefined;
  /** A claims challenge waiting for the user's click (dialog path). */
  private pendingClaims: string | undefined;
  private consentNeeded = false;
  /** The account of the last token, offered first on the sign-in page. */
  private loginHint: string | undefined;
  private interaction: Promise<void> | undefined;

  constructor(private readonly deps: SignInManagerDeps) {
    this.now = deps.now ?? Date.now;
    this.sso = new TokenManager(deps.host, { now: this.now });
  }

  getState = (): SignInState => this.state;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /** Rejects with SignInRequiredError while the user must act, else with what the path threw. */
  async getToken(request: TokenRequest = {}): Promise<string> {
    if (this.state.kind === 'needsInteraction' || this.state.kind === 'failed') throw new SignInRequiredError(this.state);
    switch (this.path) {
      case 'officeSso':
        return this.viaSso(request);
      case 'nestedAppAuth':
        return this.viaNestedAppAuth(request);
      case 'officeDialog':
        return this.fromDialogCache(request);
    }
  }

  /**
   * The middle tier says nobody consented to the Graph permissions: the next sign-in asks for
   * consent. Returns the error for the caller to throw.
   */
  requireConsent(): SignInRequiredError {
    this.consentNeeded = true;
    return this.needs('consentRequired');
  }

  /** The user clicked "Sign in" (or "Try again"): the interactive step of the current path. */
  signIn(): Promise<void> {
    this.interaction ??= this.interact().finally(() => {
      this.interaction = undefined;
    });
    return this.interaction;
  }

  private async interact(): Promise<void> {
    this.set({ kind: 'signingIn', path: this.path });
    try {
      if (this.consentNeeded) {
        await this.askConsent();
        this.consentNeeded = false;
        this.set({ kind: 'signedIn', path: this.path });
        return;
      }
      switch (this.path) {
        case 'officeSso':
          await this.viaSso({ forceRefresh: true });
          return;
        case 'nestedAppAuth':
          await this.viaNestedAppAuth({ forceRefresh: true, ...(this.pendingClaims === undefined ? {} : { authChallenge: this.pendingClaims }) });
          this.pendingClaims = undefined;
          return;
        case 'officeDialog': {
          const token = await this.viaDialog(this.pendingClaims === undefined ? {} : { claims: this.pendingClaims });
          this.pendingClaims = undefined;
          this.rememberDialogToken(token);
          this.set({ kind: 'signedIn', path: 'officeDialog' });
          return;
        }
      }
    } catch (error: unknown) {
      // The failing step has set the state already; anything else is a bug worth showing.
      if (!(error instanceof SignInRequiredError)) this.fail('identityProvider', { detail: error instanceof Error ? error.name : 'unknown' });
    }
  }

  private async viaSso(request: TokenRequest): Promise<string> {
    try {
      const token = await this.sso.getToken(request);
      this.loginHint = readJwtUsername(token) ?? this.loginHint;
      this.set({ kind: 'signedIn', path: 'officeSso' });
      return token;
    } catch (error: unknown) {
      if (!(error instanceof SsoError)) throw error;
      const step = nextStepAfterSso(error.code, this.nestedAppAuthSupported());
      switch (step.kind) {
        case 'nestedAppAuth':
          this.path = 'nestedAppAuth';
          return this.viaNestedAppAuth(request.authChallenge === undefined ? {} : { authChallenge: request.authChallenge });
        case 'officeDialog':
          this.path = 'officeDialog';
          this.pendingClaims = request.authChallenge;
          throw this.needs('signIn');
        case 'askUser':
          throw this.needs('signInCancelled');
        case 'stop':
          throw this.fail('officeSso', { ssoCode: error.code });
      }
    }
  }

  private viaNestedAppAuth(request: TokenRequest): Promise<string> {
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
      token = await client.acquireSilent({ scopes: [config.apiScope], ...claims, forceRefresh: request.forceRefresh === true });
    } catch (silentError: unknown) {
      const failure = msalFailureOf(silentError);
      if (failure.kind !== 'interactionRequired') throw this.failFromMsal(failure);
      try {
        token = await client.acquireInteractive({ scopes: [config.apiScope], ...claims });
      } catch (interactiveError: unknown) {
        throw this.failFromMsal(msalFailureOf(interactiveError));
      }
    }
    this.loginHint = readJwtUsername(token) ?? this.loginHint;
    this.set({ kind: 'signedIn', path: 'nestedAppAuth' });
    return token;
  }

  private async nestedAppAuthClient(): Promise<{ config: SignInConfig; client: NestedAppAuthClient }> {
    const config = await this.signInConfig();
    this.naa ??= this.deps.loadNestedAppAuth(config, this.deps.origin);
    try {
      return { config, client: await this.naa };
    } catch (error: unknown) {
      this.naa = undefined;
      if (error instanceof NestedAppAuthUnavailableError) {
        this.path = 'officeDialog';
        throw this.needs('signIn');
      }
      throw this.fail('network', { detail: error instanceof Error ? error.name : 'unknown' });
    }
  }

  private fromDialogCache(request: TokenRequest): string {
    if (request.authChallenge !== undefined) {
      this.pendingClaims = request.authChallenge;
      this.dialogToken = undefined;
      throw this.needs('claimsChallenge');
    }
    if (!request.forceRefresh && this.dialogToken !== undefined && this.now() < this.dialogToken.reuseUntil) return this.dialogToken.token;
    this.dialogToken = undefined;
    throw this.needs('signInExpired');
  }

  /** Consent to the Graph permissions on the interactive path this host has. */
  private async askConsent(): Promise<void> {
    const config = await this.signInConfig();
    if (this.path === 'nestedAppAuth' || (this.path === 'officeSso' && this.nestedAppAuthSupported())) {
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
    if (this.path === 'officeDialog') this.rememberDialogToken(token);
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
      this.deps.host
        .openDialog(dialogUrl(this.deps.origin, this.loginHint === undefined ? request : { ...request, loginHint: this.loginHint }), DIALOG_SIZE, (event) => {
          if (event.kind === 'event') {
            const outcome = dialogOutcomeOf(event.code);
            settle(() => reject(outcome.kind === 'needsInteraction' ? this.needs(outcome.reason) : this.fail(outcome.code)));
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
          (error: unknown) => {
            const code = error instanceof DialogError ? error.code : 0;
            const outcome = dialogOutcomeOf(code);
            settle(() => reject(outcome.kind === 'needsInteraction' ? this.needs(outcome.reason) : this.fail(outcome.code)));
          },
        );
    });
  }

  private rememberDialogToken(token: string): void {
    this.loginHint = readJwtUsername(token) ?? this.loginHint;
    const exp = readJwtExpiry(token);
    const reuseUntil = exp === undefined ? 0 : exp * 1000 - DEFAULT_EXPIRY_MARGIN_MS;
    this.dialogToken = { token, reuseUntil };
  }

  private signInConfig(): Promise<SignInConfig> {
    this.config ??= this.deps.loadConfig().then((config) => (this.knownConfig = config), (error: unknown) => {
      this.config = undefined;
      throw this.fail('network', { detail: error instanceof Error ? error.name : 'unknown' });
    });
    return this.config;
  }

  private nestedAppAuthSupported(): boolean {
    return this.deps.host.isSetSupported(NESTED_APP_AUTH_SET.name, NESTED_APP_AUTH_SET.version);
  }

  private failFromMsal(failure: MsalFailure): SignInRequiredError {
    switch (failure.kind) {
      case 'cancelled':
        return this.needs('signInCancelled');
      case 'interactionRequired':
        return this.needs('signIn');
      case 'adminConsentRequired':
        return this.fail('adminConsentRequired', this.knownConfig === undefined ? {} : { adminConsent: { clientId: this.knownConfig.clientId, permissions: [...this.knownConfig.graphScopes] } });
      case 'network':
        return this.fail('network', { detail: failure.code });
      case 'unavailable':
        this.path = 'officeDialog';
        return this.needs('signIn');
      case 'other':
        return this.fail('identityProvider', { detail: failure.code });
    }
  }

  private needs(reason: InteractionReason): SignInRequiredError {
    const state = { kind: 'needsInteraction', path: this.path, reason } as const;
    this.set(state);
    return new SignInRequiredError(state);
  }

  private fail(code: SignInFailureCode, extra: Pick<Extract<SignInState, { kind: 'failed' }>, 'ssoCode' | 'detail' | 'adminConsent'> = {}): SignInRequiredError {
    const state = { kind: 'failed', path: this.path, code, ...extra } as const;
    this.set(state);
    return new SignInRequiredError(state);
  }

  private set(next: SignInState): void {
    const current = this.state;
    if (current.kind === next.kind && current.path === next.path && JSON.stringify(current) === JSON.stringify(next)) return;
    this.state = next;
    for (const listener of [...this.listeners]) listener();
  }
}
