/**
 * The Graph failures real users meet, produced by the emulator and handled by the middle tier
 * end to end: each becomes one contract error with the right status (403 no access, 409 busy
 * with a retry hint, 502 session lost, 422 a file Graph cannot serve), and the middle tier logs
 * Graph's request-id and x-ms-ags-diagnostic for it.
 */
import { SEED_USERS, SEED_WORKBOOKS } from '../../src/emulator/directory/seed';
import { GRAPH_FAILURES } from '../../src/emulator/graph/graphFailures';
import type { SessionResponse } from '../../src/shared/api';
import { parseApiErrorEnvelope } from '../../src/shared/errors';
import { EmulatorControl, ssoTokenFor } from '../support/emulatorControl';
import { httpsJson, startLocalStack, type LocalStack } from '../support/localStack';
import { captureLogs } from '../support/logCapture';

const MEGAN = SEED_USERS.megan.oid;
const ANA = SEED_USERS.ana.oid;

let stack: LocalStack;
let control: EmulatorControl;
const logs = captureLogs();

beforeAll(async () => {
  stack = await startLocalStack({ serverEnv: { LOG_LEVEL: 'info' }, serverOverrides: { logStream: logs.stream } });
  control = EmulatorControl.of(stack);
}, 30_000);
afterAll(async () => stack?.close());
afterEach(() => control.reset());

async function api(
  userOid: string,
  path: string,
  init: { method?: string; body?: unknown } = {},
): Promise<{ status: number; body: unknown }> {
  const token = await ssoTokenFor(stack, userOid);
  return httpsJson(stack, `${stack.addinUrl}${path}`, { ...init, headers: { authorization: `Bearer ${token}` } });
}

const open = (userOid: string, documentUrl: string): Promise<{ status: number; body: unknown }> =>
  api(userOid, '/api/sessions', { method: 'POST', body: { documentUrl, persistChanges: true } });
const errorOf = (res: { body: unknown }) => parseApiErrorEnvelope(res.body)?.error;

/** The middle tier's log line for the failed Graph call, with what Microsoft support asks for. */
function graphFailureLine(op: string, status: number): Record<string, unknown> | undefined {
  return logs.entries().find((e) => e.msg === 'Graph call' && e.graphOp === op && e.status === status);
}

describe('Graph failures through the middle tier', () => {
  it("a workbook the user may not open: Graph's 403 is workbookAccessDenied (403), on /shares and on createSession", async () => {
    const viaShares = await open(ANA, SEED_WORKBOOKS.board.webUrl);
    expect([viaShares.status, errorOf(viaShares)?.code]).toEqual([403, 'workbookAccessDenied']);
    // Resolved by ids (the URL is Megan's to resolve), createSession itself is refused.
    const byIds = await api(ANA, '/api/sessions', {
      method: 'POST',
      body: { driveId: SEED_WORKBOOKS.board.driveId, itemId: SEED_WORKBOOKS.board.itemId, persistChanges: true },
    });
    expect([byIds.status, errorOf(byIds)?.code]).toEqual([403, 'workbookAccessDenied']);
    // Shared with her, the same workbook opens.
    await control.shareWorkbook(SEED_WORKBOOKS.board.itemId, [ANA]);
    expect((await open(ANA, SEED_WORKBOOKS.board.webUrl)).status).toBe(201);
  });

  it('a file shared with the user opens through its URL', async () => {
    expect((await open(ANA, SEED_WORKBOOKS.plan.webUrl)).status).toBe(201);
  });

  it("a locked workbook: 409 workbookBusy with Graph's Retry-After as the retry hint; logged with request-id and x-ms-ags-diagnostic", async () => {
    await control.setFaults({
      rules: [
        { route: 'createSession', kind: 'graphError', error: GRAPH_FAILURES.workbookLocked, retryAfterSeconds: 20 },
      ],
    });
    const res = await open(MEGAN, SEED_WORKBOOKS.presupuesto.webUrl);
    expect(res.status).toBe(409);
    expect(errorOf(res)).toMatchObject({ code: 'workbookBusy', retryAfterSeconds: 20 });
    const line = graphFailureLine('createSession', 409);
    expect(line?.graphRequestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(JSON.parse(String(line?.agsDiagnostic))).toHaveProperty('ServerInfo');
    // The registry keeps nothing of the refused open.
    expect((await api(MEGAN, '/api/sessions')).body).toEqual({ sessions: [] });
  });

  it('a co-authoring conflict on refresh is workbookBusy; the same conflict on close settles the close (the session is invalid)', async () => {
    const opened = await open(MEGAN, SEED_WORKBOOKS.presupuesto.webUrl);
    const { id } = (opened.body as SessionResponse).session;
    await control.setFaults({
      rules: [
        { route: 'refreshSession', kind: 'graphError', error: GRAPH_FAILURES.sessionAccessConflict },
        { route: 'closeSession', kind: 'graphError', error: GRAPH_FAILURES.sessionAccessConflict },
      ],
    });
    const refreshed = await api(MEGAN, `/api/sessions/${id}/refresh`, { method: 'POST' });
    expect([refreshed.status, errorOf(refreshed)?.code]).toEqual([409, 'workbookBusy']);
    const closed = await api(MEGAN, `/api/sessions/${id}`, { method: 'DELETE' });
    expect(closed.body).toEqual({ id, outcome: 'alreadyGone' });
  });

  it('a 502 on a session call is sessionLost (502): the session is to be opened anew', async () => {
    const opened = await open(MEGAN, SEED_WORKBOOKS.presupuesto.webUrl);
    const { id } = (opened.body as SessionResponse).session;
    await control.setFaults({
      rules: [{ route: 'refreshSession', kind: 'graphError', error: GRAPH_FAILURES.sessionBadGateway, count: 1 }],
    });
    const refreshed = await api(MEGAN, `/api/sessions/${id}/refresh`, { method: 'POST' });
    expect([refreshed.status, errorOf(refreshed)?.code]).toEqual([502, 'sessionLost']);
    expect(graphFailureLine('refreshSession', 502)?.agsDiagnostic).toEqual(expect.any(String));
    // Opening a new session on the same workbook works.
    expect((await open(MEGAN, SEED_WORKBOOKS.presupuesto.webUrl)).status).toBe(201);
  });

  it('no WAC token and invalidSessionUnsupportedWorkbook map to workbookAccessDenied and unsupportedWorkbook', async () => {
    await control.setFaults({
      rules: [{ route: 'createSession', kind: 'graphError', error: GRAPH_FAILURES.wacAccessToken, count: 1 }],
    });
    const wac = await open(MEGAN, SEED_WORKBOOKS.presupuesto.webUrl);
    expect([wac.status, errorOf(wac)?.code]).toEqual([403, 'workbookAccessDenied']);
    await control.setFaults({
      rules: [{ route: 'createSession', kind: 'graphError', error: GRAPH_FAILURES.unsupportedWorkbook, count: 1 }],
    });
    const unsupported = await open(MEGAN, SEED_WORKBOOKS.presupuesto.webUrl);
    expect([unsupported.status, errorOf(unsupported)?.code]).toEqual([422, 'unsupportedWorkbook']);
  });

  it('a file on the computer or in a personal OneDrive is unsupportedWorkbook (422) without asking Graph', async () => {
    await control.setHostContext({
      userOid: MEGAN,
      workbookItemId: SEED_WORKBOOKS.forecast.itemId,
      documentLocation: 'desktop',
    });
    const desktop = (await control.state()).hostContext.documentUrl ?? '';
    await control.setHostContext({
      userOid: MEGAN,
      workbookItemId: SEED_WORKBOOKS.forecast.itemId,
      documentLocation: 'personalOneDrive',
    });
    const personal = (await control.state()).hostContext.documentUrl ?? '';
    const before = (await control.state()).requests.filter((r) => r.path.includes('/shares/')).length;
    for (const url of [desktop, personal]) {
      const res = await open(MEGAN, url);
      expect([res.status, errorOf(res)?.code]).toEqual([422, 'unsupportedWorkbook']);
    }
    expect((await control.state()).requests.filter((r) => r.path.includes('/shares/'))).toHaveLength(before);
  });
});
