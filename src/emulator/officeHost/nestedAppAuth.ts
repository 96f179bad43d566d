/**
 * The host side of nested app authentication: what Office's broker answers when MSAL.js's
 * nestable client asks through `window.nestedAppAuthBridge` (the local-mode bridge forwards each request
 * here). Shapes follow @azure/msal-browser's own bridge types (BridgeResponseEnvelope,
 * TokenResponse, AccountInfo, BridgeError with BridgeStatusCode); the broker behind them is the
 * emulator's Entra: the signed-in user of the dev host, the per-user consent and MFA switches,
 * and the add-in's registration (client id, redirect URI `brk-multihub://<add-in host>`,
 * https://learn.microsoft.com/en-us/office/dev/add-ins/develop/enable-nested-app-authentication-in-your-add-in).
 *
 *   silent (GetToken): a token, or USER_INTERACTION_REQUIRED when consent or MFA is missing
 *     (with Entra's answer: `invalid_grant`, subError `consent_required` or `basic_action`) or
 *     when the host is set to need interaction (the broker's own decision: an empty code);
 *   interactive (GetTokenPopup): a prompt page the user accepts (consent, MFA) or cancels.
 *
 * MSAL.js turns these into its error classes by status (NestedAppAuthAdapter): the code of a
 * USER_INTERACTION_REQUIRED, TRANSIENT_ERROR or PERSISTENT_ERROR answer becomes the error's
 * `errorCode`, even when empty; the other statuses get MSAL's own codes.
 */
import { randomUUID } from 'node:crypto';
import { type DirectoryStore } from '../directory/DirectoryStore';
import { type UserRecord } from '../directory/seed';
import {
  type AuthorizeClient,
  registeredRedirectUris,
  resolveScopes,
  type ResolvedScopes,
} from '../entra/authorizeRequest';
import { asksForAccessTokenClaims } from '../entra/authorizeRoutes';
import { type EntraError } from '../entra/EntraError';
import { entraErrors } from '../entra/entraErrors';
import { type EntraSwitchStore } from '../entra/EntraSwitchStore';
import { type Issuer } from '../entra/Issuer';
import { GRAPH_TOKEN_LIFETIME_S } from '../entra/tokenClaims';
import { type NestedAppAuthBehaviour } from './HostContextStore';

/** @azure/msal-browser's BridgeStatusCode values. */
export type BridgeStatus =
  | 'USER_INTERACTION_REQUIRED'
  | 'USER_CANCEL'
  | 'NO_NETWORK'
  | 'TRANSIENT_ERROR'
  | 'PERSISTENT_ERROR'
  | 'DISABLED'
  | 'ACCOUNT_UNAVAILABLE'
  | 'NESTED_APP_AUTH_UNAVAILABLE';

/** @azure/msal-browser's BridgeError. */
export interface BridgeError {
  status: BridgeStatus;
  code?: string;
  subError?: string;
  description?: string;
}

export interface BridgeTokenResult {
  token: { access_token: string; expires_in: number; id_token: string; scope: string; properties: null };
  account: {
    homeAccountId: string;
    environment: string;
    tenantId: string;
    username: string;
    localAccountId: string;
    name: string;
  };
}

export type BridgeAnswer = { success: true; result: BridgeTokenResult } | { success: false; error: BridgeError };

export interface NaaTokenParams {
  clientId: string;
  scope: string;
  claims?: string;
}

/** What the prompt page asks the user. */
export type PromptKind = 'consent' | 'adminConsentRequired' | 'mfa' | 'signIn';

interface Prompt {
  params: NaaTokenParams;
  userOid: string;
  kind: PromptKind;
  resolved: ResolvedScopes;
  decision: 'pending' | 'accepted' | 'cancelled';
  expiresAt: number;
}

const PROMPT_LIFETIME_MS = 10 * 60 * 1000;

export interface NestedAppAuthDeps {
  issuer: Issuer;
  directory: DirectoryStore;
  switches: EntraSwitchStore;
  client: AuthorizeClient;
  /** The emulator's host (MSAL's account `environment`). */
  environment: () => string;
  now: () => number;
}

export interface HostState {
  userOid: string;
  behaviour: NestedAppAuthBehaviour;
}

export class NestedAppAuthBroker {
  private readonly prompts = new Map<string, Prompt>();

  constructor(private readonly deps: NestedAppAuthDeps) {}

  /** GetToken: silent. */
  async silent(params: NaaTokenParams, origin: string | undefined, host: HostState): Promise<BridgeAnswer> {
    const checked = this.check(params, origin, host);
    if ('error' in checked) return { success: false, error: checked.error };
    const kind = this.promptNeeded(params, checked.user);
    // What Entra answered the broker's silent request: it needs the user.
    if (kind === 'consent') return needsUser(entraErrors.consentRequired(params.clientId, params.scope));
    if (kind === 'mfa') return needsUser(entraErrors.mfaRequired(params.claims ?? ''));
    // The broker decides on its own (no account or token it may use silently): no Entra code.
    if (host.behaviour === 'interactionRequired')
      return fail(
        'USER_INTERACTION_REQUIRED',
        '',
        'The host needs the user to sign in before it can give this app a token.',
      );
    return { success: true, result: await this.tokens(params, checked.user, checked.resolved) };
  }

  /** GetTokenPopup, step 1: a prompt for the user, or an error at once. */
  startPrompt(
    params: NaaTokenParams,
    origin: string | undefined,
    host: HostState,
  ): { promptId: string } | { error: BridgeError } {
    const checked = this.check(params, origin, host);
    if ('error' in checked) return checked;
    this.sweep();
    const promptId = randomUUID();
    const needed = this.promptNeeded(params, checked.user);
    const kind: PromptKind =
      needed === 'consent' && this.deps.switches.behaviourOf(checked.user.oid) === 'adminConsentRequired'
        ? 'adminConsentRequired'
        : (needed ?? 'signIn');
    this.prompts.set(promptId, {
      params,
      userOid: checked.user.oid,
      kind,
      resolved: checked.resolved,
      decision: 'pending',
      expiresAt: this.deps.now() + PROMPT_LIFETIME_MS,
    });
    return { promptId };
  }

  /** The prompt page's content, or undefined for an unknown or expired prompt. */
  describePrompt(
    promptId: string,
  ): { kind: PromptKind; scopes: string[]; userName: string; clientId: string } | undefined {
    const prompt = this.live(promptId);
    if (prompt === undefined) return undefined;
    const user = this.deps.directory.findUser(prompt.userOid);
    return {
      kind: prompt.kind,
      scopes: prompt.params.scope.split(/\s+/).filter((s) => s !== ''),
      userName: user?.displayName ?? '',
      clientId: prompt.params.clientId,
    };
  }

  /** The user's answer on the prompt page. */
  decide(promptId: string, accepted: boolean): boolean {
    const prompt = this.live(promptId);
    if (prompt === undefined || prompt.decision !== 'pending') return false;
    // "Need admin approval" has nothing to accept: its one button goes back to the app.
    prompt.decision = accepted && prompt.kind !== 'adminConsentRequired' ? 'accepted' : 'cancelled';
    return true;
  }

  /** GetTokenPopup, step 2: what the prompt ended with (a prompt answers once). */
  async finishPrompt(promptId: string): Promise<BridgeAnswer> {
    const prompt = this.live(promptId);
    this.prompts.delete(promptId);
    if (prompt === undefined || prompt.decision === 'pending')
      return fail('USER_CANCEL', 'user_cancelled', 'The user closed the sign-in window.');
    if (prompt.kind === 'adminConsentRequired') {
      // UNSPECIFIED: which code Office's broker reports for it; the emulator sends the AADSTS number.
      return fail(
        'PERSISTENT_ERROR',
        'AADSTS90094',
        'AADSTS90094: An administrator must grant admin consent to this app.',
      );
    }
    if (prompt.decision === 'cancelled') return fail('USER_CANCEL', 'user_cancelled', 'The user cancelled.');
    const user = this.deps.directory.findUser(prompt.userOid);
    if (user === undefined) return fail('ACCOUNT_UNAVAILABLE', 'no_account', 'The signed-in user no longer exists.');
    if (prompt.kind === 'consent') this.deps.switches.grantConsent(user.oid);
    // The verification stands in for Office's MFA prompt; Entra remembers it for the user.
    if (prompt.kind === 'mfa') this.deps.switches.recordMfa(user.oid);
    return { success: true, result: await this.tokens(prompt.params, user, prompt.resolved) };
  }

  reset(): void {
    this.prompts.clear();
  }

  private check(
    params: NaaTokenParams,
    origin: string | undefined,
    host: HostState,
  ): { user: UserRecord; resolved: ResolvedScopes } | { error: BridgeError } {
    if (host.behaviour === 'unavailable')
      return {
        error: {
          status: 'NESTED_APP_AUTH_UNAVAILABLE',
          description: 'Nested app authentication is not available in this host.',
        },
      };
    if (host.behaviour === 'noNetwork') return { error: { status: 'NO_NETWORK', description: 'The host is offline.' } };
    if (params.clientId !== this.deps.client.clientId) {
      return {
        error: {
          status: 'PERSISTENT_ERROR',
          code: 'unauthorized_client',
          description: `AADSTS700016: Application with identifier '${params.clientId}' was not found in the directory.`,
        },
      };
    }
    // The broker answers the app at `brk-multihub://<its origin's host>`, which must be registered.
    const redirectUri = origin === undefined ? undefined : `brk-multihub://${safeHost(origin)}`;
    if (redirectUri === undefined || !registeredRedirectUris(this.deps.client).includes(redirectUri)) {
      return {
        error: {
          status: 'PERSISTENT_ERROR',
          code: 'invalid_request',
          description: `AADSTS50011: The redirect URI '${redirectUri ?? ''}' does not match the redirect URIs configured for the application.`,
        },
      };
    }
    let resolved: ResolvedScopes;
    try {
      resolved = resolveScopes(params.scope, this.deps.client);
    } catch {
      return {
        error: {
          status: 'PERSISTENT_ERROR',
          code: 'invalid_scope',
          description: `AADSTS70011: The provided value for the input parameter 'scope' is not valid: '${params.scope}'.`,
        },
      };
    }
    const user = this.deps.directory.findUser(host.userOid);
    if (user === undefined)
      return {
        error: { status: 'ACCOUNT_UNAVAILABLE', code: 'no_account', description: 'Nobody is signed in to the host.' },
      };
    return { user, resolved };
  }

  /** What only the user can give: consent (the Graph permissions, or the app at all), or MFA. */
  private promptNeeded(params: NaaTokenParams, user: UserRecord): PromptKind | undefined {
    if (this.deps.switches.needsConsent(user.oid)) return 'consent';
    if (asksForAccessTokenClaims(params.claims)) return 'mfa';
    return undefined;
  }

  private async tokens(params: NaaTokenParams, user: UserRecord, resolved: ResolvedScopes): Promise<BridgeTokenResult> {
    const tid = this.deps.issuer.tenantId;
    const accessToken =
      resolved.resource === 'addin'
        ? await this.deps.issuer.mintSsoToken(user, { authorizedParty: params.clientId })
        : await this.deps.issuer.mintGraphToken(
            { oid: user.oid, tid, name: user.displayName, preferredUsername: user.upn },
            resolved.granted,
          );
    return {
      token: {
        access_token: accessToken,
        expires_in: GRAPH_TOKEN_LIFETIME_S,
        id_token: await this.deps.issuer.mintIdToken(user),
        scope: resolved.granted
          .map((s) => (resolved.resource === 'graph' ? `https://graph.microsoft.com/${s}` : s))
          .join(' '),
        properties: null,
      },
      account: {
        homeAccountId: `${user.oid}.${tid}`,
        environment: this.deps.environment(),
        tenantId: tid,
        username: user.upn,
        localAccountId: user.oid,
        name: user.displayName,
      },
    };
  }

  private live(promptId: string): Prompt | undefined {
    const prompt = this.prompts.get(promptId);
    if (prompt === undefined || this.deps.now() >= prompt.expiresAt) return undefined;
    return prompt;
  }

  private sweep(): void {
    for (const [id, prompt] of this.prompts) if (this.deps.now() >= prompt.expiresAt) this.prompts.delete(id);
  }
}

function fail(status: BridgeStatus, code: string, description: string): BridgeAnswer {
  return { success: false, error: { status, code, description } };
}

/** Entra's interaction-required answer as the broker relays it: code, subError, AADSTS text. */
function needsUser(error: EntraError): BridgeAnswer {
  const description = `AADSTS${error.aadsts}: ${error.message}`;
  return {
    success: false,
    error: {
      status: 'USER_INTERACTION_REQUIRED',
      code: error.error,
      ...(error.extra.suberror === undefined ? {} : { subError: error.extra.suberror }),
      description,
    },
  };
}

function safeHost(origin: string): string {
  try {
    return new URL(origin).host;
  } catch {
    return '';
  }
}
