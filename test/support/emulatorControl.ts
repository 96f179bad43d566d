/**
 * The one typed client of the emulator's control API (`/_emulator/*`, see
 * src/emulator/CONTROL_API.md), shared by every test suite, the benchmarks and the emulator's
 * own route tests. Request and answer types come from the emulator's sources, so a change of
 * the API breaks the build of its callers, not their runs. Every POST is JSON, as the control
 * API's cross-origin guard requires.
 */
import { type Dispatcher, request } from 'undici';
import type { ControlState } from '../../src/emulator/control/controlRoutes';
import type { TokenRequest } from '../../src/emulator/control/controlInput';
import type { Sharing, WorkbookRecord } from '../../src/emulator/directory/seed';
import type { AppCredentialState, EntraBehaviour } from '../../src/emulator/entra/EntraSwitchStore';
import type { KeyIds } from '../../src/emulator/entra/KeyRing';
import type { FaultRuleInput, FaultRule } from '../../src/emulator/faults/faultRules';
import type { FaultSnapshot } from '../../src/emulator/faults/FaultEngine';
import type { AsyncCreateSettings } from '../../src/emulator/graph/AsyncCreateStore';
import type { HostContextInput, TokenRequestOptions } from '../../src/emulator/officeHost/hostContextInput';
import type { HostContextView } from '../../src/emulator/officeHost/hostRoutes';

export type { ControlState, EntraBehaviour, FaultRuleInput, HostContextInput };
export type EmulatorState = ControlState;
export type TestTokenRequest = TokenRequest;

export interface ControlAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: unknown;
}

/** Where a control client points: an emulator URL and a dispatcher that trusts its CA. */
export interface ControlTarget {
  emulatorUrl: string;
  dispatcher: Dispatcher;
}

type Method = 'GET' | 'POST' | 'DELETE';

export class EmulatorControl {
  constructor(
    readonly url: string,
    private readonly dispatcher: Dispatcher,
  ) {}

  static of(target: ControlTarget): EmulatorControl {
    return new EmulatorControl(target.emulatorUrl, target.dispatcher);
  }

  /** Any control request, answered as is (for tests of the control API's own refusals). */
  async call(
    method: Method,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<ControlAnswer> {
    const res = await request(`${this.url}${path}`, {
      method,
      dispatcher: this.dispatcher,
      headers: { ...(method === 'POST' ? { 'content-type': 'application/json' } : {}), ...headers },
      body: method === 'POST' ? JSON.stringify(body ?? {}) : undefined,
    });
    const text = await res.body.text();
    let parsed: unknown = text === '' ? undefined : text;
    try {
      parsed = text === '' ? undefined : (JSON.parse(text) as unknown);
    } catch {
      // not JSON: keep the text
    }
    return { status: res.statusCode, headers: res.headers, body: parsed };
  }

  private async ok<T>(method: Method, path: string, body?: unknown): Promise<T> {
    const answer = await this.call(method, path, body);
    if (answer.status < 200 || answer.status > 299)
      throw new Error(`${method} ${path}: ${answer.status} ${JSON.stringify(answer.body)}`);
    return answer.body as T;
  }

  state(): Promise<ControlState> {
    return this.ok('GET', '/_emulator/state');
  }

  async reset(): Promise<void> {
    await this.ok('POST', '/_emulator/reset');
  }

  advanceClock(seconds: number): Promise<{ now: string }> {
    return this.ok('POST', '/_emulator/clock/advance', { seconds });
  }

  /** Rollover: the key published ahead starts signing. `emergency`: a key nobody has fetched signs at once. */
  rotateKeys(options: { emergency?: boolean } = {}): Promise<KeyIds> {
    return this.ok('POST', '/_emulator/keys/rotate', options);
  }

  setApp(state: AppCredentialState): Promise<AppCredentialState> {
    return this.ok('POST', '/_emulator/app', state);
  }

  /** Who may open a workbook besides its owner: its whole tenant, or these users. */
  shareWorkbook(itemId: string, sharedWith: Sharing): Promise<WorkbookRecord> {
    return this.ok('POST', `/_emulator/workbooks/${encodeURIComponent(itemId)}/access`, { sharedWith });
  }

  async mintToken(spec: TokenRequest): Promise<string> {
    const answer = await this.ok<{ token?: unknown }>('POST', '/_emulator/tokens', spec);
    if (typeof answer.token !== 'string') throw new Error(`tokens: ${JSON.stringify(answer)}`);
    return answer.token;
  }

  async setEntraBehaviour(userOid: string, behaviour: EntraBehaviour): Promise<void> {
    await this.ok('POST', `/_emulator/users/${encodeURIComponent(userOid)}/entra`, { behaviour });
  }

  /** Replaces every fault rule; the same seed and request sequence fire the same faults. */
  setFaults(set: { seed?: number; rules: FaultRuleInput[] }): Promise<{ seed: number; rules: FaultRule[] }> {
    return this.ok('POST', '/_emulator/faults', set);
  }

  faults(): Promise<FaultSnapshot> {
    return this.ok('GET', '/_emulator/faults');
  }

  async clearFaults(): Promise<void> {
    await this.ok('DELETE', '/_emulator/faults');
  }

  setAsyncCreate(settings: {
    delayMs: number;
    outcome?: AsyncCreateSettings['outcome'];
  }): Promise<AsyncCreateSettings> {
    return this.ok('POST', '/_emulator/async-create', settings);
  }

  setHostContext(context: HostContextInput): Promise<HostContextView> {
    return this.ok('POST', '/_emulator/host/context', context);
  }

  /** What Office's getAccessToken would return for the host's current user (options as the call's). */
  async hostToken(options: Partial<TokenRequestOptions> = {}): Promise<string> {
    const answer = await this.ok<{ accessToken?: unknown; officeError?: unknown }>(
      'POST',
      '/_emulator/host/token',
      options,
    );
    if (typeof answer.accessToken !== 'string') throw new Error(`host token: ${JSON.stringify(answer)}`);
    return answer.accessToken;
  }

  /** Signs `userOid` into the host (no workbook open) and returns the SSO token Office would hand the task pane. */
  async ssoToken(userOid: string, options: Partial<TokenRequestOptions> = {}): Promise<string> {
    await this.setHostContext({ userOid, workbookItemId: null });
    return this.hostToken(options);
  }
}

// Short forms for the cross-process suites, which hold a LocalStack (or anything with its URL and dispatcher).

export const chooseHostContext = (
  stack: ControlTarget,
  userOid: string,
  workbookItemId: string | null,
  displayLanguage?: 'en-US' | 'es-ES',
): Promise<HostContextView> =>
  EmulatorControl.of(stack).setHostContext({
    userOid,
    workbookItemId,
    ...(displayLanguage ? { displayLanguage } : {}),
  });
export const ssoTokenFor = (stack: ControlTarget, userOid: string): Promise<string> =>
  EmulatorControl.of(stack).ssoToken(userOid);
export const hostSsoToken = (stack: ControlTarget, options: Partial<TokenRequestOptions> = {}): Promise<string> =>
  EmulatorControl.of(stack).hostToken(options);
export const emulatorState = (stack: ControlTarget): Promise<ControlState> => EmulatorControl.of(stack).state();
export const resetEmulator = (stack: ControlTarget): Promise<void> => EmulatorControl.of(stack).reset();
export const mintTestToken = (stack: ControlTarget, spec: TokenRequest): Promise<string> =>
  EmulatorControl.of(stack).mintToken(spec);
export const setEntraBehaviour = (stack: ControlTarget, userOid: string, behaviour: EntraBehaviour): Promise<void> =>
  EmulatorControl.of(stack).setEntraBehaviour(userOid, behaviour);
export const rotateSigningKeys = async (stack: ControlTarget, options: { emergency?: boolean } = {}): Promise<void> => {
  await EmulatorControl.of(stack).rotateKeys(options);
};
export const setFaults = async (stack: ControlTarget, seed: number, rules: FaultRuleInput[]): Promise<void> => {
  await EmulatorControl.of(stack).setFaults({ seed, rules });
};
export const clearFaults = (stack: ControlTarget): Promise<void> => EmulatorControl.of(stack).clearFaults();
/** The state, under the name the resilience suites use. */
export const resilienceState = emulatorState;
