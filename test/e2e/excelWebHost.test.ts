/**
 * The task pane runs Microsoft's office.js, byte for byte the files of `@microsoft/office-js`,
 * served by the emulator's CDN origin, inside the emulated Excel on the web (the dev host page),
 * which answers office.js's host side: Office.context reports Excel on the web, and the document
 * URL (also one that arrives late), the language and the requirement sets are the host's.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Frame, Response } from 'playwright-core';
import { SEED_USERS, SEED_WORKBOOKS } from '../../src/emulator/directory/seed';
import { chooseOnDevHost, taskPaneFrame } from '../support/devHostPage';
import { useDevHostSuite } from '../support/devHostSuite';
import { EmulatorControl } from '../support/emulatorControl';

jest.setTimeout(60_000);

const OFFICE_DIST = join(__dirname, '..', '..', 'node_modules', '@microsoft', 'office-js', 'dist');

const received: Response[] = [];
const suite = useDevHostSuite({
  beforeNavigate: async (page) => {
    received.length = 0;
    page.on('response', (response) => {
      if (response.url().includes('/lib/1/hosted/')) received.push(response);
    });
  },
});

interface OfficeView {
  ready: { host: unknown; platform: unknown };
  diagnostics: unknown;
  url: unknown;
  displayLanguage: unknown;
  sets: Record<string, boolean>;
}

async function officeInPane(frame: Frame): Promise<OfficeView> {
  return frame.evaluate(async () => {
    interface OfficeLike {
      onReady(): Promise<{ host: unknown; platform: unknown }>;
      context: {
        diagnostics: unknown;
        document: { url: unknown };
        displayLanguage: unknown;
        requirements: { isSetSupported(name: string, version?: string): boolean };
      };
    }
    const office = (globalThis as unknown as { Office: OfficeLike }).Office;
    const ready = await office.onReady();
    const supported = (name: string, version: string): boolean =>
      office.context.requirements.isSetSupported(name, version);
    return {
      ready: { host: ready.host, platform: ready.platform },
      diagnostics: office.context.diagnostics,
      url: office.context.document.url,
      displayLanguage: office.context.displayLanguage,
      sets: {
        'ExcelApi 1.20': supported('ExcelApi', '1.20'),
        'ExcelApi 1.9': supported('ExcelApi', '1.9'),
        'ExcelApi 1.21': supported('ExcelApi', '1.21'),
        'IdentityAPI 1.3': supported('IdentityAPI', '1.3'),
        'DialogApi 1.2': supported('DialogApi', '1.2'),
        'NestedAppAuth 1.1': supported('NestedAppAuth', '1.1'),
      },
    };
  });
}

it("the pane runs the package's office.js and excel-web-16.00.js byte for byte, from the emulator's CDN path", async () => {
  const frame = await taskPaneFrame(suite.page, suite.stack);
  await officeInPane(frame);
  const byName = (name: string): Response | undefined =>
    received.find((r) => new URL(r.url()).pathname === `/lib/1/hosted/${name}`);
  for (const name of ['office.js', 'excel-web-16.00.js']) {
    const response = byName(name);
    expect(response?.url().startsWith(`${suite.stack.emulator.origins.cdn}/lib/1/hosted/`)).toBe(true);
    const body = await response?.body();
    expect(body?.equals(readFileSync(join(OFFICE_DIST, name)))).toBe(true);
  }
  // Nothing went off the machine: no telemetry, no CDN.
  expect(suite.refused).toEqual([]);
});

it("Office.context reports Excel on the web, with the host's document URL, language and requirement sets", async () => {
  const view = await officeInPane(await taskPaneFrame(suite.page, suite.stack));
  expect(view.ready).toEqual({ host: 'Excel', platform: 'OfficeOnline' });
  expect(view.diagnostics).toEqual({
    host: 'Excel',
    platform: 'OfficeOnline',
    version: expect.stringMatching(/^16\.0\.\d+\.\d+$/),
  });
  expect(view.url).toBe(SEED_WORKBOOKS.presupuesto.webUrl);
  expect(view.displayLanguage).toBe('en-US');
  expect(view.sets).toEqual({
    'ExcelApi 1.20': true,
    'ExcelApi 1.9': true,
    'ExcelApi 1.21': false,
    'IdentityAPI 1.3': true,
    'DialogApi 1.2': true,
    'NestedAppAuth 1.1': false,
  });
});

it('a language, NestedAppAuth and an unsaved workbook chosen on the dev host reach Office.context', async () => {
  await EmulatorControl.of(suite.stack).setHostContext({
    userOid: SEED_USERS.ana.oid,
    workbookItemId: null,
    displayLanguage: 'es-ES',
    ssoBehaviour: 'ok',
    nestedAppAuth: true,
  });
  await suite.page.reload();
  const view = await officeInPane(await taskPaneFrame(suite.page, suite.stack));
  expect(view.displayLanguage).toBe('es-ES');
  expect(view.url).toBe('');
  expect(view.sets['NestedAppAuth 1.1']).toBe(true);
});

it('a document URL that arrives late: empty at onReady, then the pane finds it and marks the open workbook', async () => {
  await chooseOnDevHost(suite.page, 'Document URL', '3000');
  const view = await officeInPane(await taskPaneFrame(suite.page, suite.stack));
  expect(view.url).toBe('');
  await suite.pane.getByRole('button', { name: 'Open session' }).click();
  await suite.pane.getByText(SEED_WORKBOOKS.presupuesto.name).first().waitFor();
});
