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
 *
 * Paths 2 and 3 live in signInFallbacks.ts, loaded on first use, so the pane's start
 * JavaScript carries only path 1 and the state.
 */
import { type SignInConfig } from '../../shared/api';
import { type OfficeHost, SsoError } from '../office/OfficeHost';
import { type NestedAppAuthClient } from './msalLoader';
import { type FallbackPaths } from './signInFallbacks';
import { NESTED_APP_AUTH_SET, nextStepAfterSso } from './signInSteps';
import {
  type InteractionReason,
  type SignInFailureCode,
  type SignInPath,
  SignInRequiredError,
  type SignInState,
} from './signInState';
import { TokenManager, type TokenRequest, type TokenSource } from './TokenManager';

export interface SignInManagerDeps {
  host: Pick<OfficeHost, 'getAccessToken' | 'isSetSupported' | 'openDialog'>;
  /** The add-in's origin: the dialog page and the NAA redirect URI are on it. */
  origin: string;
  loadConfig(): Promise<SignInConfig>;
  /** Default: MSAL.js's nestable client (msalLoader.ts), fetched with the fallback paths. */
  loadNestedAppAuth?(config: SignInConfig, origin: string): Promise<NestedAppAuthClient>;
  now?: () => number;
}

export type FailureDetails = Pick<Extract<SignInState, { kind: 'failed' }>, 'ssoCode' | 'detail' | 'adminConsent'>;

/** What the fallback paths share with the manager: its deps, the path, and the state. */
export interface SignInCore {
  readonly deps: SignInManagerDeps;
  readonly now: () => number;
  path: SignInPath;
  /** A claims challenge waiting for the user's click (dialog path). */
  pendingClaims: string | undefined;
  /** The last token a path gave (its account is offered first on the sign-in page). */
  lastToken: string | undefined;
  /** The middle tier said consent is missing: the next sign-in asks for it. */
  consentNeeded: boolean;
  /** Office SSO again (the user's click after 13002 and the like). */
  viaSso(request: TokenRequest): Promise<string>;
  nestedAppAuthSupported(): boolean;
  signedIn(path: SignInPath): void;
  needs(reason: InteractionReason): SignInRequiredError;
  fail(code: SignInFailureCode, extra?: FailureDetails): SignInRequiredError;
}

export class SignInManager implements TokenSource {
  private state: SignInState = { kind: 'signingIn', path: 'officeSso' };
  private readonly listeners = new Set<() => void>();
  private readonly sso: TokenManager;
  private readonly core: SignInCore;
  private fallbackPaths: Promise<FallbackPaths> | undefined;
  private interaction: Promise<void> | undefined;

  constructor(deps: SignInManagerDeps) {
    const now = deps.now ?? Date.now;
    this.sso = new TokenManager(deps.host, { now });
    this.core = {
      deps,
      now,
      path: 'officeSso',
      pendingClaims: undefined,
      lastToken: undefined,
      consentNeeded: false,
      viaSso: (request) => this.viaSso(request),
      nestedAppAuthSupported: () => deps.host.isSetSupported(NESTED_APP_AUTH_SET.name, NESTED_APP_AUTH_SET.version),
      signedIn: (path) => this.set({ kind: 'signedIn', path }),
      needs: (reason) => {
        const state = { kind: 'needsInteraction', path: this.core.path, reason } as const;
        this.set(state);
        return new SignInRequiredError(state);
      },
      fail: (code, extra = {}) => {
        const state = { kind: 'failed', path: this.core.path, code, ...extra } as const;
        this.set(state);
        return new SignInRequiredError(state);
      },
    };
  }

  getState = (): SignInState => this.state;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /** Rejects with SignInRequiredError while the user must act, else with what the path threw. */
  async getToken(request: TokenRequest = {}): Promise<string> {
    if (this.state.kind === 'needsInteraction' || this.state.kind === 'failed')
      throw new SignInRequiredError(this.state);
    switch (this.core.path) {
      case 'officeSso':
        return this.viaSso(request);
      case 'nestedAppAuth':
        return (await this.fallbacks()).viaNestedAppAuth(request);
      case 'officeDialog':
        return (await this.fallbacks()).fromDialogCache(request);
    }
  }

  /**
   * The middle tier says nobody consented to the Graph permissions: the next sign-in asks for
   * consent. Returns the error for the caller to throw.
   */
  requireConsent(): SignInRequiredError {
    this.core.consentNeeded = true;
    return this.core.needs('consentRequired');
  }

  /** The user clicked "Sign in" (or "Try again"): the interactive step of the current path. */
  signIn(): Promise<void> {
    this.set({ kind: 'signingIn', path: this.core.path });
    // The interactive steps load with the fallback paths (a click is never on the start path).
    this.interaction ??= this.fallbacks()
      .then(
        (paths) => paths.interact(),
        () => undefined,
      )
      .finally(() => {
        this.interaction = undefined;
      });
    return this.interaction;
  }

  private async viaSso(request: TokenRequest): Promise<string> {
    try {
      const token = await this.sso.getToken(request);
      this.core.lastToken = token;
      this.core.signedIn('officeSso');
      return token;
    } catch (error: unknown) {
      if (!(error instanceof SsoError)) throw error;
      const step = nextStepAfterSso(error.code, this.core.nestedAppAuthSupported());
      switch (step.kind) {
        case 'nestedAppAuth':
          this.core.path = 'nestedAppAuth';
          return (await this.fallbacks()).viaNestedAppAuth(
            request.authChallenge === undefined ? {} : { authChallenge: request.authChallenge },
          );
        case 'officeDialog':
          this.core.path = 'officeDialog';
          this.core.pendingClaims = request.authChallenge;
          throw this.core.needs('signIn');
        case 'askUser':
          throw this.core.needs('signInCancelled');
        case 'stop':
          throw this.core.fail('officeSso', { ssoCode: error.code });
      }
    }
  }

  /** Paths 2 and 3, fetched the first time they are needed. */
  private fallbacks(): Promise<FallbackPaths> {
    this.fallbackPaths ??= import(/* webpackChunkName: "sign-in-fallbacks" */ './signInFallbacks').then(
      (module) => new module.FallbackPaths(this.core),
      (error: unknown) => {
        this.fallbackPaths = undefined;
        throw this.core.fail('network', { detail: error instanceof Error ? error.name : 'unknown' });
      },
    );
    return this.fallbackPaths;
  }

  private set(next: SignInState): void {
    if (JSON.stringify(this.state) === JSON.stringify(next)) return;
    this.state = next;
    for (const listener of [...this.listeners]) listener();
  }
}
