/**
 * Rejected SSO tokens that point at a setup mistake rather than at a bad caller, said in plain
 * words for the administrator's log. Only tokens whose signature verified are diagnosed (the
 * claims come from Entra, not from whoever sent the token), and each kind of mistake is logged
 * at most once a minute, with how many more were seen, so a misconfigured tenant cannot flood the log.
 *
 * - A v1.0 access token: the app registration issues v1 tokens (`aud` = the Application ID URI,
 *   issuer `https://sts.windows.net/{tenant}/`). Office SSO needs `requestedAccessTokenVersion: 2`.
 *   https://learn.microsoft.com/en-us/entra/identity-platform/access-tokens#token-formats
 * - An audience that is not this API: the manifest's `<WebApplicationInfo>` names another app
 *   registration (`<Id>`) or another host (`<Resource>` = `api://<host>/<client id>`) than
 *   CLIENT_ID and PUBLIC_URL. https://learn.microsoft.com/en-us/office/dev/add-ins/develop/sso-in-office-add-ins
 */
import type { JWTPayload } from 'jose';

export type MisconfigurationKind = 'v1Token' | 'audience';

export interface MisconfigurationLog {
  warn(details: object, message: string): void;
}

export interface ExpectedToken {
  clientId: string;
  /** The host of PUBLIC_URL, which the Application ID URI must name. */
  publicHost: string;
}

/** True for a token in Entra's v1.0 format (its `ver`, or the v1 issuer). */
export function isV1Token(payload: JWTPayload): boolean {
  return (
    payload.ver === '1.0' ||
    (typeof payload.iss === 'string' && payload.iss.toLowerCase().startsWith('https://sts.windows.net/'))
  );
}

/** The plain-words reason for a verified token rejected on `claim`, when it is a known setup mistake. */
export function diagnose(
  claim: string,
  payload: JWTPayload,
  expected: ExpectedToken,
): { kind: MisconfigurationKind; message: string } | undefined {
  if (isV1Token(payload)) {
    return {
      kind: 'v1Token',
      message:
        'SSO token refused: it is a v1.0 access token, but this API accepts v2.0 tokens only. In the Microsoft Entra admin center, open the app registration ' +
        `${expected.clientId} → Manifest and set "requestedAccessTokenVersion": 2 (in older manifests "accessTokenAcceptedVersion": 2); users get v2 tokens after their next sign-in.`,
    };
  }
  if (claim !== 'aud') return undefined;
  const audiences = (Array.isArray(payload.aud) ? payload.aud : [payload.aud])
    .filter((a): a is string => typeof a === 'string')
    .map((a) => a.slice(0, 200));
  const uri = audiences.map((a) => /^api:\/\/([^/]+)\/(.+)$/i.exec(a)).find((m) => m !== null);
  if (uri) {
    const [, host = '', id = ''] = uri;
    const problems = [
      host.toLowerCase() === expected.publicHost.toLowerCase()
        ? undefined
        : `names host ${host} but PUBLIC_URL's host is ${expected.publicHost}`,
      id.toLowerCase() === expected.clientId ? undefined : `ends with ${id} but CLIENT_ID is ${expected.clientId}`,
    ].filter((p): p is string => p !== undefined);
    return {
      kind: 'audience',
      message: `SSO token refused: its audience (the manifest's <WebApplicationInfo><Resource>, the app's Application ID URI) is ${uri[0]}, which ${problems.join(' and ') || 'does not match'}. The Resource must be api://<the add-in's host>/<CLIENT_ID>, identical in the manifest and the app registration's "Expose an API" page.`,
    };
  }
  return {
    kind: 'audience',
    message: `SSO token refused: it was issued for the application ${audiences.join(', ') || '(none)'}, not for CLIENT_ID ${expected.clientId}. The manifest's <WebApplicationInfo><Id> and the middle tier's CLIENT_ID must be the same app registration.`,
  };
}

/** Logs each kind at most once per `intervalMs`, counting what it held back. */
export function throttledMisconfigurationLog(
  log: MisconfigurationLog,
  now: () => number,
  intervalMs = 60_000,
): (kind: MisconfigurationKind, message: string) => void {
  const last = new Map<MisconfigurationKind, { at: number; suppressed: number }>();
  return (kind, message) => {
    const t = now();
    const entry = last.get(kind);
    if (entry !== undefined && t - entry.at < intervalMs) {
      entry.suppressed += 1;
      return;
    }
    log.warn(
      {
        misconfiguration: kind,
        ...(entry !== undefined && entry.suppressed > 0 ? { similarSinceLastReport: entry.suppressed } : {}),
      },
      message,
    );
    last.set(kind, { at: t, suppressed: 0 });
  };
}
