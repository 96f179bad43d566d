/**
 * The emulator's sign-in page: names the client app and the scopes it asks for, lets the person
 * pick a demo user (no password: the emulator has none), and posts the choice back to
 * /authorize with the request's parameters repeated as hidden fields (they are checked again
 * there). No external resources; the style runs under a per-response CSP nonce, and
 * `form-action` names the emulator and the redirect URI's origin, because browsers apply it to
 * the redirect that follows the post.
 */
import { type UserRecord } from '../directory/seed';
import { type AuthorizeRequest } from './authorizeRequest';
import { escapeHtml } from '../../shared/html';
import { EMPTY_ICON_IMG_SRC, EMPTY_ICON_LINK } from '../common/pageIcon';

export interface SignInPageInput {
  request: AuthorizeRequest;
  /** The request's own parameters, repeated in the form. */
  params: URLSearchParams;
  users: readonly UserRecord[];
  appName: string;
  nonce: string;
  /** The request carries a claims challenge for the access token (the page stands in for MFA). */
  claimsChallenge?: boolean;
}

export function signInPageCsp(nonce: string, redirectUri: string): string {
  const target = new URL(redirectUri);
  const redirectSource = target.protocol === 'https:' ? target.origin : target.protocol;
  return [
    "default-src 'none'",
    EMPTY_ICON_IMG_SRC,
    `style-src 'nonce-${nonce}'`,
    `form-action 'self' ${redirectSource}`,
    "frame-ancestors 'none'",
    "base-uri 'none'",
  ].join('; ');
}

export function renderSignInPage(input: SignInPageInput): string {
  const { request, params, users, appName, nonce } = input;
  const hidden = [...params]
    .filter(([name]) => name !== 'user' && name !== 'action')
    .map(([name, value]) => `<input type="hidden" name="${escapeHtml(name)}" value="${escapeHtml(value)}">`)
    .join('\n    ');
  const hint = request.loginHint?.toLowerCase();
  const preselected = users.find((u) => u.upn.toLowerCase() === hint) ?? users[0];
  const choices = users
    .map((u, i) => {
      const id = `user-${i}`;
      const checked = u.oid === preselected?.oid ? ' checked' : '';
      return `<div><input type="radio" id="${id}" name="user" value="${escapeHtml(u.oid)}"${checked} required> <label for="${id}">${escapeHtml(u.displayName)} (${escapeHtml(u.upn)})</label></div>`;
    })
    .join('\n      ');
  const scopes = request.scope
    .split(/\s+/)
    .filter((s) => s.length > 0)
    .map((s) => `<li><code>${escapeHtml(s)}</code></li>`)
    .join('');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
${EMPTY_ICON_LINK}
<title>Sign in — local Microsoft Entra ID</title>
<style nonce="${nonce}">
  body { font-family: system-ui, sans-serif; margin: 2rem auto; max-width: 32rem; padding: 0 1rem; }
  fieldset { border: 1px solid #c8c6c4; margin: 1rem 0; }
  button { margin-right: 0.5rem; }
</style>
</head>
<body>
<main>
  <h1>Sign in</h1>
  <p><strong>${escapeHtml(appName)}</strong> (client id <code>${escapeHtml(request.clientId)}</code>) asks to sign you in and to use:</p>
  <ul aria-label="Requested permissions">${scopes}</ul>
  ${!input.claimsChallenge ? '' : '<p role="note"><strong>Your organization requires multifactor authentication.</strong> Signing in here stands in for the second factor.</p>'}
  <p>This is the local emulator: pick a demo user; there is no password.</p>
  <form method="post">
    ${hidden}
    <fieldset>
      <legend>Sign in as</legend>
      ${choices}
    </fieldset>
    <button type="submit" name="action" value="signIn">Sign in and accept</button>
    <button type="submit" name="action" value="cancel" formnovalidate>Cancel</button>
  </form>
</main>
</body>
</html>
`;
}
