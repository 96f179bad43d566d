/**
 * The Graph failures real users meet, produced by the emulator and handled by the middle tier
 * end to end: each becomes one contract error naming its cause, with the status the code carries
 * (403 someone else's file, the user's own file, no WAC token, restricted, a refused close; 409
 * locked with a retry hint, or a session spoilt by a conflict; 429 throttled; 502 a file Excel
 * cannot open, or a session lost; 422 a file Graph cannot serve), and the middle tier logs
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
  // One person makes every call of this file, faster than anyone clicks: the per-user limit
  // (tested on its own elsewhere) is raised so it never answers in place of the failure under test.
  stack = await startLocalStack({
    serverEnv: { LOG_LEVEL: 'info', RATE_LIMIT_BURST: '600', RATE_LIMIT_PER_MINUTE: '600' },
    serverOverrides: { logStream: logs.stream },
  });
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

  const listed = async (): Promise<unknown> => (await api(MEGAN, '/api/sessions')).body;
  const openedId = async (workbook: keyof typeof SEED_WORKBOOKS = 'presupuesto'): Promise<string> =>
    ((await open(MEGAN, SEED_WORKBOOKS[workbook].webUrl)).body as SessionResponse).session.id;

  it('a co-authoring conflict on refresh is sessionConflict (409) and the session is forgotten; on close it settles the close', async () => {
    const id = await openedId();
    await control.setFaults({
      rules: [{ route: 'refreshSession', kind: 'graphError', error: GRAPH_FAILURES.sessionAccessConflict }],
    });
    const refreshed = await api(MEGAN, `/api/sessions/${id}/refresh`, { method: 'POST' });
    expect([refreshed.status, errorOf(refreshed)?.code]).toEqual([409, 'sessionConflict']);
    expect(await listed()).toEqual({ sessions: [] });

    const other = await openedId();
    await control.setFaults({
      rules: [{ route: 'closeSession', kind: 'graphError', error: GRAPH_FAILURES.sessionAccessConflict }],
    });
    expect((await api(MEGAN, `/api/sessions/${other}`, { method: 'DELETE' })).body).toEqual({
      id: other,
      outcome: 'alreadyGone',
    });
  });

  it('a bare 502 on refresh is sessionLost (502) and the session is forgotten; on close the session is already gone', async () => {
    const id = await openedId();
    await control.setFaults({
      rules: [{ route: 'refreshSession', kind: 'graphError', error: GRAPH_FAILURES.sessionBadGateway, count: 1 }],
    });
    const refreshed = await api(MEGAN, `/api/sessions/${id}/refresh`, { method: 'POST' });
    expect([refreshed.status, errorOf(refreshed)?.code]).toEqual([502, 'sessionLost']);
    expect(graphFailureLine('refreshSession', 502)?.agsDiagnostic).toEqual(expect.any(String));
    expect(await listed()).toEqual({ sessions: [] });

    const other = await openedId();
    await control.setFaults({
      rules: [{ route: 'closeSession', kind: 'graphError', error: GRAPH_FAILURES.sessionBadGateway }],
    });
    expect((await api(MEGAN, `/api/sessions/${other}`, { method: 'DELETE' })).body).toEqual({
      id: other,
      outcome: 'alreadyGone',
    });
    expect(await listed()).toEqual({ sessions: [] });
  });

  it('a refused close is closeRefused (403), not a refusal to open; the session stays listed', async () => {
    const id = await openedId();
    await control.setFaults({
      rules: [{ route: 'closeSession', kind: 'graphError', error: GRAPH_FAILURES.fileOpenUserUnauthorized }],
    });
    const closed = await api(MEGAN, `/api/sessions/${id}`, { method: 'DELETE' });
    expect([closed.status, errorOf(closed)?.code]).toEqual([403, 'closeRefused']);
    expect((await listed()) as { sessions: { id: string }[] }).toMatchObject({ sessions: [{ id }] });
    // Once Graph lets it, the same close goes through (and the next test starts with no session).
    await control.setFaults({ rules: [] });
    expect((await api(MEGAN, `/api/sessions/${id}`, { method: 'DELETE' })).body).toEqual({ id, outcome: 'closed' });
  });

  it("Excel refusing to open a file is ownWorkbookAccessDenied in the user's own OneDrive, workbookAccessDenied elsewhere", async () => {
    await control.setFaults({
      rules: [{ route: 'createSession', kind: 'graphError', error: GRAPH_FAILURES.fileOpenUserUnauthorized }],
    });
    const own = await open(MEGAN, SEED_WORKBOOKS.forecast.webUrl);
    expect([own.status, errorOf(own)?.code]).toEqual([403, 'ownWorkbookAccessDenied']);
    const teamSite = await open(MEGAN, SEED_WORKBOOKS.presupuesto.webUrl);
    expect([teamSite.status, errorOf(teamSite)?.code]).toEqual([403, 'workbookAccessDenied']);
    // Megan's file shared with Ana is someone else's to Ana.
    const shared = await open(ANA, SEED_WORKBOOKS.plan.webUrl);
    expect([shared.status, errorOf(shared)?.code]).toEqual([403, 'workbookAccessDenied']);
    expect(await listed()).toEqual({ sessions: [] });
  });

  it.each([
    ['no WAC token', GRAPH_FAILURES.wacAccessToken, 403, 'wacTokenRefused'],
    ['invalidSessionUnsupportedWorkbook', GRAPH_FAILURES.unsupportedWorkbook, 422, 'unsupportedWorkbook'],
    ['invalidSessionRestricted', GRAPH_FAILURES.sessionRestricted, 403, 'workbookRestricted'],
    ['the nested GenericFileOpenError', GRAPH_FAILURES.genericFileOpen, 502, 'workbookCannotOpen'],
  ] as const)('%s on createSession is %s %s', async (_name, error, status, code) => {
    await control.setFaults({ rules: [{ route: 'createSession', kind: 'graphError', error, count: 1 }] });
    const res = await open(MEGAN, SEED_WORKBOOKS.presupuesto.webUrl);
    expect([res.status, errorOf(res)?.code]).toEqual([status, code]);
    expect(await listed()).toEqual({ sessions: [] });
  });

  it("throttling that outlasts the middle tier's patience is graphThrottled (429) with Graph's wait, not an outage", async () => {
    await control.setFaults({ rules: [{ route: 'createSession', kind: 'throttle', retryAfterSeconds: 60 }] });
    const res = await open(MEGAN, SEED_WORKBOOKS.presupuesto.webUrl);
    expect(res.status).toBe(429);
    expect(errorOf(res)).toMatchObject({ code: 'graphThrottled', retryAfterSeconds: 60 });
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
