/**
 * The emulator's control API (contract v2) as the conformance suite uses it: set the host's
 * user and get the SSO token Office would return, mint test tokens, switch Entra behaviours,
 * set fault rules, read the state. Only the control steps go through here; everything under
 * test goes through the real clients.
 */
import { type Agent, request } from 'undici';

export interface ControlAnswer {
  status: number;
  body: unknown;
}

export type EntraBehaviour = 'ok' | 'consentRequired' | 'adminConsentRequired' | 'mfaRequired' | 'assertionExpired' | 'invalidScope';

export class EmulatorControl {
  constructor(
    readonly url: string,
    private readonly dispatcher: Agent,
  ) {}

  async call(method: 'GET' | 'POST' | 'DELETE', path: string, body?: unknown): Promise<ControlAnswer> {
    const res = await request(`${this.url}${path}`, {
      method,
      dispatcher: this.dispatcher,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.body.text();
    return { status: res.statusCode, body: text === '' ? undefined : (JSON.parse(text) as unknown) };
  }

  private async expectOk(method: 'GET' | 'POST' | 'DELETE', path: string, body?: unknown): Promise<unknown> {
    const answer = await this.call(method, path, body);
    if (answer.status < 200 || answer.status > 299) throw new Error(`${method} ${path}: ${answer.status} ${JSON.stringify(answer.body)}`);
    return answer.body;
  }

  /** Chooses the dev host's user, then asks the host for the token getAccessToken would return. */
  async ssoToken(userOid: string, options: { authChallenge?: string } = {}): Promise<string> {
    await this.expectOk('POST', '/_emulator/host/context', { userOid, workbookItemId: null });
    const answer = (await this.expectOk('POST', '/_emulator/host/token', options)) as { accessToken?: unknown };
    if (typeof answer.accessToken !== 'string') throw new Error(`host token: ${JSON.stringify(answer)}`);
    return answer.accessToken;
  }

  async mintToken(spec: Record<string, unknown>): Promise<string> {
    const answer = (await this.expectOk('POST', '/_emulator/tokens', spec)) as { token?: unknown };
    if (typeof answer.token !== 'string') throw new Error(`tokens: ${JSON.stringify(answer)}`);
    return answer.token;
  }

  async setEntraBehaviour(userOid: string, behaviour: EntraBehaviour): Promise<void> {
    await this.expectOk('POST', `/_emulator/users/${encodeURIComponent(userOid)}/entra`, { behaviour });
  }

  async setFaults(body: { seed?: number; rules: Record<string, unknown>[] }): Promise<{ rules: { id: string }[] }> {
    return (await this.expectOk('POST', '/_emulator/faults', body)) as { rules: { id: string }[] };
  }

  async clearFaults(): Promise<void> {
    await this.expectOk('DELETE', '/_emulator/faults');
  }

  async state(): Promise<Record<string, unknown>> {
    return (await this.expectOk('GET', '/_emulator/state')) as Record<string, unknown>;
  }

  async reset(): Promise<void> {
    await this.expectOk('POST', '/_emulator/reset');
  }
}
