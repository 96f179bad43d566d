/** Entry of dialog.html: the browser, office.js and MSAL.js for runDialogPage. */
import { type SignInConfig } from '../../../shared/api';
import { messageParent } from '../../office/dialogChild';
import { createOfficeJsHost } from '../../office/officeJsHost';
import { loadSignInConfig } from '../signInConfig';
import { msalConfiguration } from '../msalLoader';
import { runDialogPage } from './dialogPage';
import { DIALOG_PAGE } from './dialogProtocol';

async function start(): Promise<void> {
  const host = createOfficeJsHost();
  await host.ready();
  const status = document.getElementById('status');
  await runDialogPage({
    search: window.location.search,
    loadConfig: () => loadSignInConfig((url, init) => window.fetch(url, init)),
    async createClient(config: SignInConfig) {
      const msal = await import(/* webpackChunkName: "msal" */ '@azure/msal-browser');
      // A redirect flow must keep its state (PKCE verifier, state) across the navigation to Entra
      // and back, which MSAL.js does only in sessionStorage: the dialog window's own, cleared as
      // soon as the answer is sent (and gone with the window anyway).
      const pca = await msal.createStandardPublicClientApplication(msalConfiguration(config, `${window.location.origin}/${DIALOG_PAGE}`, 'sessionStorage'));
      return {
        async handleRedirect() {
          // Stay on dialog.html: the request's query is not needed once Entra has answered.
          const result = await pca.handleRedirectPromise({ navigateToLoginRequestUrl: false });
          return result === null ? null : result.accessToken;
        },
        redirect: (request) => pca.acquireTokenRedirect(request),
      };
    },
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
