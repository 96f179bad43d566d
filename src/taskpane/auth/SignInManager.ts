/**
 * The pane's one token source (docs/sign-in.md):
 *
 *   1. Office SSO (`getAccessToken`), through TokenManager (single flight, cache until `exp`);
 *   2. when SSO fails with a code no prompt cures and the host supports NestedAppAuth 1.1:
 *      MSAL.js's nestable client, silent first, then interactive (Office shows the UI);
 *   3. otherwise MSAL.js in an Office dialog, which needs a click ("Sign in"): the pane never
 *      opens a window the user did not ask for.
 *
 * The paths are effects: they get tokens and report what happened as events to the sign-in
 * reducer (signInState.ts), which alone holds the path, a waiting claims challenge, missing
 * consent and what the bar shows. While the user must act, `getToken` rejects at once with
 * SignInRequiredError. Tokens live in memory only.
 *
 * Paths 2 and 3, and what follows a failed SSO call, live in signInFallbacks.ts, loaded on
 * first use, so the pane's start JavaScript carries only path 1 and the reducer.
 */
import { type SignInConfig } from '../../shared/api';
import { type OfficeHost, SsoError } from '../office/OfficeHost';
import { type NestedAppAuthClient } from './msalLoader';
import { type FallbackPaths } from './signInFallbacks';
import {
  initialSignInState,
  type SignInEvent,
  SignInRequiredError,
  signInReducer,
  type SignInState,
  type SignInStop,
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

type StopEvent = Extract<SignInEvent, { type: 'needsUser' | 'consentRequired' | 'failed' }>;

/** What the fallback paths get from the manager: its deps, the state to read, and events to report. */
export interface SignInEffects {
  readonly deps: SignInManagerDeps;
  readonly now: () => number;
  state(): SignInState;
  dispatch(event: SignInEvent): void;
  /** Reports that the person has to act, and returns the error for the path to throw. */
  stop(event: StopEvent): SignInRequiredError;
  /** Office SSO again (the user's click after 13002 and the like). */
  viaSso(request: TokenRequest): Promise<string>;
  /** The SSO token in use, if any (its account is offered first on the sign-in page). */
  ssoToken(): string | undefined;
}

export class SignInManager implements TokenSource {
  private state: SignInState = initialSignInState;
  private readonly listeners = new Set<() => void>();
  private readonly sso: TokenManager;
  private readonly effects: SignInEffects;
  private fallbackPaths: Promise<FallbackPaths> | undefined;
  private interaction: Promise<void> | undefined;

  constructor(deps: SignInManagerDeps) {
    const now = deps.now ?? Date.now;
    this.sso = new TokenManager(deps.host, { now });
    this.effects = {
      deps,
      now,
      state: this.getState,
      dispatch: (event) => this.dispatch(event),
      stop: (event) => this.stop(event),
      viaSso: (request) => this.viaSso(request),
      ssoToken: () => this.sso.cachedToken(),
    };
  }

  getState = (): SignInState => this.state;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /** Rejects with SignInRequiredError while the user must act, else with what the path threw. */
  async getToken(request: TokenRequest = {}): Promise<string> {
    const { status } = this.state;
    if (status.kind === 'needsUser' || status.kind === 'failed') throw new SignInRequiredError(status);
    switch (this.state.path) {
      case 'officeSso':
        return this.viaSso(request);
      case 'nestedAppAuth':
        return (await this.fallbacks()).viaNestedAppAuth(request);
      case 'officeDialog':
        return (await this.fallbacks()).fromDialogCache(request);
    }
  }

  /**
   * The middle tier says nobody consented to the Graph permissions: the next click asks for
   * consent. Returns the error for the caller to throw.
   */
  requireConsent(): SignInRequiredError {
    return this.stop({ type: 'consentRequired' });
  }

  /** The user clicked the bar's button: the interactive step of the current path. */
  signIn(): Promise<void> {
    if (this.interaction !== undefined) return this.interaction;
    this.dispatch({ type: 'clicked' });
    // The interactive steps load with the fallback paths (a click is never on the start path).
    this.interaction = this.fallbacks()
      .then((paths) => paths.interact())
      .then(
        () => this.dispatch({ type: 'clickSucceeded' }),
        (error: unknown) => {
          // The failing step has reported already; anything else is a bug worth showing.
          if (!(error instanceof SignInRequiredError))
            this.stop({ type: 'failed', failure: { code: 'identityProvider', detail: nameOf(error) } });
        },
      )
      .finally(() => {
        this.interaction = undefined;
      });
    return this.interaction;
  }

  private async viaSso(request: TokenRequest): Promise<string> {
    try {
      const token = await this.sso.getToken(request);
      this.dispatch({ type: 'tokenGiven', path: 'officeSso' });
      return token;
    } catch (error: unknown) {
      if (!(error instanceof SsoError)) throw error;
      // What follows a failed SSO call loads with the fallback paths: success needs none of it.
      return (await this.fallbacks()).afterSsoFailure(error.code, request);
    }
  }

  /** Paths 2 and 3, fetched the first time they are needed. */
  private fallbacks(): Promise<FallbackPaths> {
    this.fallbackPaths ??= import(/* webpackChunkName: "sign-in-fallbacks" */ './signInFallbacks').then(
      (module) => new module.FallbackPaths(this.effects),
      (error: unknown) => {
        this.fallbackPaths = undefined;
        throw this.stop({ type: 'failed', failure: { code: 'network', detail: nameOf(error) } });
      },
    );
    return this.fallbackPaths;
  }

  private stop(event: StopEvent): SignInRequiredError {
    this.dispatch(event);
    // signInReducer answers each of these events with a stop status.
    return new SignInRequiredError(this.state.status as SignInStop);
  }

  private dispatch(event: SignInEvent): void {
    const next = signInReducer(this.state, event);
    if (next === this.state) return;
    this.state = next;
    for (const listener of [...this.listeners]) listener();
  }
}

function nameOf(error: unknown): string {
  return error instanceof Error ? error.name : 'unknown';
}
