/**
 * Identifier generation for the emulator: GUIDs, Graph-like workbook session ids, and the
 * Graph date format. Kept in one place so tests can check the shapes clients must tolerate.
 */
import { randomBytes, randomUUID } from 'node:crypto';

export function newGuid(): string {
  return randomUUID();
}

/**
 * A workbook session id in the plain form several Graph clients report
 * (`cluster=…&session=15.…&usid=<guid>`, https://learn.microsoft.com/en-us/graph/api/workbookoperation-get), a few hundred characters long.
 *
 * Every id contains each of `= & % . / +` on purpose: real ids may, and clients that build
 * headers or URLs from them carelessly should fail here rather than in production. The `/` and
 * `+` come from an embedded base64 fragment (as in the documented sample's `%2fPB4%2fZ2jf…`
 * part, but unescaped); positions 3 and 7 of that fragment are forced so that both characters
 * are always present, whatever the random bytes were.
 */
export function newWorkbookSessionId(displayLanguage: string): string {
  const fragment = randomBytes(60).toString('base64').split('');
  fragment[3] = '+';
  fragment[7] = '/';
  const machine = `EMU${randomBytes(5).toString('hex').toUpperCase()}`;
  const worker = `A${100 + (randomBytes(1)[0] ?? 0)}`;
  const session =
    `15.${machine}.${worker}.1.U36.${newGuid()}14.5.${displayLanguage}5.${displayLanguage}24.` +
    `${randomBytes(8).toString('hex')}-Private1.S24.%2f${fragment.join('')}%3d%3d` +
    `16.16.0.14410.3505014.5.${displayLanguage}5.${displayLanguage}1.M1.N0.1.S`;
  return `cluster=EMU1&session=${session}&usid=${newGuid()}`;
}

/** Graph's `innerError.date`: ISO 8601 UTC without fractional seconds or zone letter. */
export function graphDate(nowMs: number): string {
  return new Date(nowMs).toISOString().slice(0, 19);
}

/** Entra's `timestamp`: `2024-05-01 10:11:12Z`. */
export function entraTimestamp(nowMs: number): string {
  return new Date(nowMs).toISOString().slice(0, 19).replace('T', ' ') + 'Z';
}

const CLIENT_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * The `client-request-id` to echo: the caller's when it is a sane token (Graph clients send a
 * GUID), otherwise a new GUID (the docs do not say what Graph does then — DEVIATIONS.md).
 */
export function clientRequestIdFrom(header: string | string[] | undefined): string {
  const value = Array.isArray(header) ? header[0] : header;
  return value !== undefined && CLIENT_REQUEST_ID.test(value) ? value : newGuid();
}
