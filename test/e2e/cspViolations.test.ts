/**
 * The browser harness's CSP check can fail: a violation in the page, in a frame, in a popup (as a
 * dialog window is) and a refused frame-ancestors each reach `cspViolations`, which every browser
 * suite asserts is empty.
 */
import type { Browser, Route } from 'playwright-core';
import { launchChromium, loopbackContext } from '../support/browser';
import { eventually } from '../support/eventually';

const PROBE = 'https://localhost/__csp-probe';

const PAGES: Record<string, { csp: string; html: string }> = {
  top: {
    csp: "default-src 'none'; script-src 'unsafe-inline'; frame-src https://localhost",
    html: `<img src="${PROBE}/top.png"><iframe src="${PROBE}/frame"></iframe><iframe src="${PROBE}/unframable"></iframe><script>window.open('${PROBE}/popup')</script>`,
  },
  frame: { csp: "default-src 'none'", html: `<img src="${PROBE}/frame.png">` },
  popup: { csp: "default-src 'none'", html: `<img src="${PROBE}/popup.png">` },
  unframable: { csp: "frame-ancestors 'none'", html: 'never shown in a frame' },
};

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => browser?.close());

it('records violations in the page, its frames and its popups, and a refused frame-ancestors', async () => {
  const { context, cspViolations } = await loopbackContext(browser);
  await context.route(`${PROBE}/**`, (route: Route) => {
    const page = PAGES[new URL(route.request().url()).pathname.split('/').pop() ?? ''];
    return page
      ? route.fulfill({ contentType: 'text/html', headers: { 'content-security-policy': page.csp }, body: page.html })
      : route.fulfill({ status: 404 });
  });
  const page = await context.newPage();
  await page.goto(`${PROBE}/top`);
  await eventually(
    async () =>
      ['top.png', 'frame.png', 'popup.png'].filter((image) =>
        cspViolations.some((v) => v.includes(`${PROBE}/${image}`) && v.includes('img-src')),
      ).length,
    3,
  );
  await eventually(async () => cspViolations.some((v) => v.includes('frame-ancestors')), true);
  await context.close();
});
