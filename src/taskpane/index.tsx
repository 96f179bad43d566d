/** Entry point: wait for office.js through the host adapter, then render the pane. */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { AppRoot } from './app/AppRoot';
import { forcedColoursActive, loadTheme, themeNameFor } from './app/theme';
import { loadStrings, pickLocale } from './i18n/locale';
import { createOfficeJsHost } from './office/officeJsHost';

async function start(): Promise<void> {
  const container = document.getElementById('root');
  if (!container) throw new Error('taskpane.html has no #root element');
  const host = createOfficeJsHost();
  const ready = await host.ready();
  // Outside Office there is no display language; the browser's is the best guess.
  const fallbackLanguage = navigator.language || 'en-US';
  const locale = pickLocale(ready.kind === 'ready' ? host.displayLanguage() : fallbackLanguage);
  document.documentElement.lang = locale;
  // The strings (and with them the theme, chosen in AppRoot's first render) are ready before the
  // first paint: no flash of another language or of a white pane in dark Office.
  await Promise.all([
    loadStrings(locale),
    loadTheme(themeNameFor(ready.kind === 'ready' ? host.officeTheme() : null, forcedColoursActive())),
  ]);
  const fetchFn = window.fetch.bind(window);
  createRoot(container).render(
    <StrictMode>
      <AppRoot host={host} ready={ready} fetchFn={fetchFn} fallbackLanguage={fallbackLanguage} />
    </StrictMode>,
  );
}

void start();
