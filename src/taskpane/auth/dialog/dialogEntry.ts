/** Entry of dialog.html: the browser, office.js and MSAL.js for runDialogPage. */
import { type SignInConfig } from '../../../shared/api';
import { messageParent } from '../../office/dialogChild';
import { createOfficeJsHost } from '../../office/officeJsHost';
import { loadSignInConfig } from '../signInConfig';
import { loadDialogRedirectClient } from '../msalLoader';
import { runDialogPage } from './dialogPage';
import { DIALOG_PAGE } from './dialogProtocol';

async function start(): Promise<void> {
  const host = createOfficeJsHost();
  await host.ready();
  const status = document.getElementById('status');
  await runDialogPage({
    search: window.location.search,
    loadConfig: () => loadSignInConfig((url, init) => window.fetch(url, init)),
    createClient: (config: SignInConfig) =>
      loadDialogRedirectClient(config, `${window.location.origin}/${DIALOG_PAGE}`),
    messageParent: (message) => {
      messageParent(message);
      window.sessionStorage.clear();
    },
    showStatus: (text) => {
      if (status) status.textContent = text;
    },
  });
}

void start();
