/**
 * The dark theme in each engine. Excel on the web gives add-ins no Office theme, so the pane
 * follows the browser's `prefers-color-scheme`; this file's browser prefers dark (Chromium:
 * media emulation; Firefox: its content colour-scheme preference; WebKitGTK: MiniBrowser's dark mode).
 */
import { role, text } from '../../support/engines/enginePage';
import { useEngineSuite } from '../../support/engines/engineSuite';

jest.setTimeout(120_000);
const suite = useEngineSuite({ colorScheme: 'dark' });

const luminance = (rgb: string): number => {
  const [r, g, b] = (rgb.match(/\d+/g) ?? []).map(Number) as [number, number, number];
  return (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255;
};

it('a dark pane from the first paint, and axe-core finds no violation in it, with a session', async () => {
  const { page } = suite;
  await page.waitFor('pane', text('No open sessions'));
  expect(await page.driver.run<boolean>('pane', `() => matchMedia('(prefers-color-scheme: dark)').matches`, [])).toBe(
    true,
  );
  const colours = await page.driver.run<{ background: string; text: string }>(
    'pane',
    `() => {
      const style = getComputedStyle(document.querySelector('.fui-FluentProvider'));
      return { background: style.backgroundColor, text: style.color };
    }`,
    [],
  );
  expect(luminance(colours.background)).toBeLessThan(0.25);
  expect(luminance(colours.text)).toBeGreaterThan(0.75);
  expect(await page.axeViolations()).toEqual([]);
  await page.click('pane', role('button', 'Open session'));
  await page.waitFor('pane', role('button', /^Close session on /));
  expect(await page.axeViolations()).toEqual([]);
});
