// Workbook sessions, /shares and Graph's error envelope, as the Graph JavaScript SDK sees them.
import type { Client, GraphError } from '@microsoft/microsoft-graph-client';
import { SEED_USERS } from '../../src/emulator/directory/seed';
import { encodeSharingUrl } from '../../src/shared/sharesEncoding';
import { graphClient, graphFailure, graphTokenFor } from './clients';
import { controlOf, emulatorOnly, startTarget, type ConformanceTarget } from './target';

let target: ConformanceTarget;
let graph: Client;
let workbookPath: string;

beforeAll(async () => {
  target = await startTarget();
  graph = graphClient(target, await graphTokenFor(target, await target.userAssertion()));
  workbookPath = `/drives/${target.workbook.driveId}/items/${target.workbook.itemId}/workbook`;
});
afterAll(() => target.close());

function expectEnvelope(error: GraphError, statusCode: number): void {
  expect(error.statusCode).toBe(statusCode);
  expect(typeof error.code).toBe('string');
  expect(error.requestId).toMatch(/^[0-9a-f-]{36}$/i);
  expect(Number.isNaN(error.date.getTime())).toBe(false);
  const body = JSON.parse(String(error.body)) as {
    code?: unknown;
    message?: unknown;
    innerError?: Record<string, unknown>;
  };
  expect(body.code).toBe(error.code);
  expect(typeof body.message).toBe('string');
  expect(body.innerError).toEqual(
    expect.objectContaining({
      'request-id': error.requestId,
      date: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$/),
    }),
  );
}

describe('workbook sessions through the Graph SDK', () => {
  it('creates, refreshes and closes a session, passing its id through unchanged', async () => {
    const created = (await graph.api(`${workbookPath}/createSession`).post({ persistChanges: true })) as {
      id?: unknown;
      persistChanges?: unknown;
      '@odata.context'?: unknown;
    };
    expect(created).toEqual(expect.objectContaining({ id: expect.any(String), persistChanges: true }));
    expect(String(created['@odata.context'])).toMatch(/\$metadata#microsoft\.graph\.workbookSessionInfo$/);
    const id = String(created.id);
    if (!target.live) for (const c of ['=', '&', '%', '/', '+']) expect(id).toContain(c);
    await expect(
      graph.api(`${workbookPath}/refreshSession`).header('workbook-session-id', id).post({}),
    ).resolves.toBeUndefined();
    await expect(
      graph.api(`${workbookPath}/closeSession`).header('workbook-session-id', id).post({}),
    ).resolves.toBeUndefined();
    const again = await graphFailure(
      graph.api(`${workbookPath}/refreshSession`).header('workbook-session-id', id).post({}),
    );
    expectEnvelope(again, 404);
  });

  it('answers 400 in the Graph envelope without workbook-session-id or without persistChanges', async () => {
    expectEnvelope(await graphFailure(graph.api(`${workbookPath}/refreshSession`).post({})), 400);
    expectEnvelope(await graphFailure(graph.api(`${workbookPath}/createSession`).post({})), 400);
  });

  it('answers 404 for a session id Graph never issued, with the Excel inner code', async () => {
    const error = await graphFailure(
      graph
        .api(`${workbookPath}/closeSession`)
        .header('workbook-session-id', 'cluster=X&session=15.a/b+c%3D&usid=0')
        .post({}),
    );
    expectEnvelope(error, 404);
    if (!target.live)
      expect(JSON.parse(String(error.body))).toMatchObject({ innerError: { code: 'invalidSessionReCreatable' } });
  });

  it('answers 401 for a token Graph does not accept', async () => {
    const stranger = graphClient(target, 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl');
    expectEnvelope(
      await graphFailure(stranger.api(`${workbookPath}/createSession`).post({ persistChanges: false })),
      401,
    );
  });

  it('resolves the document URL through /shares/{u!…}/driveItem, and 404s an unknown URL', async () => {
    const item = (await graph.api(`/shares/${encodeSharingUrl(target.workbook.webUrl)}/driveItem`).get()) as {
      id?: unknown;
      parentReference?: { driveId?: unknown };
    };
    expect(item.id).toBe(target.workbook.itemId);
    expect(item.parentReference?.driveId).toBe(target.workbook.driveId);
    const unknownUrl = `${new URL(target.workbook.webUrl).origin}/sites/NoSuchSite/Shared Documents/nothing-${Date.now()}.xlsx`;
    expectEnvelope(await graphFailure(graph.api(`/shares/${encodeSharingUrl(unknownUrl)}/driveItem`).get()), 404);
  });
});

emulatorOnly('Graph errors that need a minted token', () => {
  it('answers 403 to a token without Files.ReadWrite', async () => {
    const control = controlOf(target);
    const readOnly = await control.mintToken({
      userOid: SEED_USERS.megan.oid,
      audience: 'graph',
      scopes: ['User.Read'],
    });
    expectEnvelope(
      await graphFailure(
        graphClient(target, readOnly).api(`${workbookPath}/createSession`).post({ persistChanges: true }),
      ),
      403,
    );
  });

  it('answers 401 to an expired Graph token', async () => {
    const control = controlOf(target);
    const expired = await control.mintToken({ userOid: SEED_USERS.megan.oid, audience: 'graph', lifetimeSeconds: -60 });
    expectEnvelope(
      await graphFailure(
        graphClient(target, expired).api(`${workbookPath}/createSession`).post({ persistChanges: true }),
      ),
      401,
    );
  });
});
