/**
 * The window the emulated Office shows for an interactive nested-app-authentication request:
 * consent to the app's permissions, a multifactor step, "need admin approval", or a plain
 * confirmation of the signed-in account. After the answer, the page tells the add-in's page
 * (its opener) and closes itself.
 */
import { type PromptKind } from './nestedAppAuth';
import { escapeHtml } from '../../shared/html';
import { EMPTY_ICON_IMG_SRC, EMPTY_ICON_LINK } from '../common/pageIcon';

export function promptPageCsp(nonce: string): string {
  return [
    "default-src 'none'",
    EMPTY_ICON_IMG_SRC,
    `style-src 'nonce-${nonce}'`,
    `script-src 'nonce-${nonce}'`,
    "form-action 'self'",
    "frame-ancestors 'none'",
    "base-uri 'none'",
  ].join('; ');
}

const TEXT: Record<PromptKind, { title: string; body: string; accept?: string; cancel: string }> = {
  consent: { title: 'Permissions requested', body: 'asks for your permission to:', accept: 'Accept', cancel: 'Cancel' },
  mfa: {
    title: 'Verify your identity',
    body: 'needs multifactor authentication for:',
    accept: 'Verify',
    cancel: 'Cancel',
  },
  adminConsentRequired: {
    title: 'Need admin approval',
    body: 'needs permissions that only an administrator of your organization can grant (AADSTS90094):',
    cancel: 'Back to app',
  },
  signIn: { title: 'Sign in', body: 'asks to sign you in and use:', accept: 'Continue', cancel: 'Cancel' },
};

export function renderPromptPage(input: {
  kind: PromptKind;
  scopes: string[];
  userName: string;
  clientId: string;
  nonce: string;
}): string {
  const text = TEXT[input.kind];
  const scopes = input.scopes.map((s) => `<li><code>${escapeHtml(s)}</code></li>`).join('');
  const accept =
    text.accept === undefined ? '' : `<button type="submit" name="action" value="accept">${text.accept}</button>`;
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8">${EMPTY_ICON_LINK}<title>${text.title} — local Office</title>
<style nonce="${input.nonce}">body { font-family: system-ui, sans-serif; margin: 2rem auto; max-width: 30rem; padding: 0 1rem; } button { margin-right: 0.5rem; }</style></head>
<body><main>
  <h1>${text.title}</h1>
  <p>Signed in as <strong>${escapeHtml(input.userName)}</strong>. The app <code>${escapeHtml(input.clientId)}</code> ${text.body}</p>
  <ul aria-label="Requested permissions">${scopes}</ul>
  <form method="post">${accept}<button type="submit" name="action" value="cancel" formnovalidate>${text.cancel}</button></form>
</main></body>
</html>
`;
}

export function renderPromptDone(input: { promptId: string; targetOrigin: string; nonce: string }): string {
  const message = JSON.stringify({ officeEmulatorNaaPrompt: input.promptId });
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8">${EMPTY_ICON_LINK}<title>Done — local Office</title></head>
<body><p>Done. You can close this window.</p>
<script nonce="${input.nonce}">
  if (window.opener) window.opener.postMessage(${message}, ${JSON.stringify(input.targetOrigin)});
  window.close();
</script>
</body>
</html>
`;
}
