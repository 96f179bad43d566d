// Graph as the SDK meets it beyond the payload: its response headers, the driveItem's Doc.aspx
// webUrl and @odata.context, the 403 shapes of a workbook the caller may not open, and any
// Graph error injected by a `graphError` fault rule, on plain requests and in $batch.
import {
  BatchRequestContent,
  BatchResponseContent,
  type Client,
  ResponseType,
} from '@microsoft/microsoft-graph-client';
import { SEED_USERS, SEED_WORKBOOKS } from '../../src/emulator/directory/seed';
import { GRAPH_FAILURES } from '../../src/emulator/graph/graphFailures';
import { encodeSharingUrl } from '../../src/shared/sharesEncoding';
import { graphClient, graphFailure, graphTokenFor } from './clients';
import { controlOf, emulatorOnly, startTarget, type ConformanceTarget } from './target';
import { type EmulatorControl } from '../support/emulatorControl';

let target: ConformanceTarget;
let graph: Client;
let itemPath: string;

beforeAll(async () => {
  target = await startTarget();
  graph = graphClient(target, await graphTokenFor(target, await target.userAssertion()));
  itemPath = `/drives/${target.workbook.driveId}/items/${target.workbook.itemId}`;
});
afterAll(() => target.close());

const control = (): EmulatorControl => controlOf(target);

interface ErrorBody {
  code: string;
  message: string;
  innerError?: {
    code?: string;
    message?: string;
    innerError?: { code?: string; message?: string };
    'request-id'?: string;
  };
}

describe('Graph fidelity through the SDK', () => {
  it('answers with x-ms-ags-diagnostic, request-id, Strict-Transport-Security and OData-Version', async () => {
    const response = (await graph.api(itemPath).responseType(ResponseType.RAW).get()) as Response;
    expect(response.status).toBe(200);
    expect(JSON.parse(response.headers.get('x-ms-ags-diagnostic') ?? '{}')).toHaveProperty('ServerInfo');
    expect(response.headers.get('request-id')).toMatch(/^[0-9a-f-]{36}$/i);
    expect(response.headers.get('strict-transport-security')).toMatch(/^max-age=\d+/);
    expect(response.headers.get('odata-version')).toBe('4.0');
  });

  it("gives an Office file's webUrl in the Doc.aspx form and the driveItem's @odata.context", async () => {
    const item = (await graph.api(itemPath).get()) as { webUrl?: string; '@odata.context'?: string; id?: string };
    expect(item.webUrl).toMatch(/\/_layouts\/15\/Doc\.aspx\?sourcedoc=%7B[0-9A-F-]{36}%7D&file=[^&]+\.xlsx&/i);
    expect(item['@odata.context']).toMatch(/\/v1\.0\/\$metadata#drives\('[^']+'\)\/items\/\$entity$/);
    const shared = (await graph.api(`/shares/${encodeSharingUrl(target.workbook.webUrl)}/driveItem`).get()) as {
      id?: string;
      webUrl?: string;
    };
    expect([shared.id, shared.webUrl]).toEqual([item.id, item.webUrl]);
  });
});

emulatorOnly('permissions per workbook through the SDK', () => {
  afterEach(() => control().reset());

  it('answers 403 FileOpenUserUnauthorized on a workbook not shared with the caller, 403 on its /shares, and 201 once it is shared', async () => {
    const ana = graphClient(target, await graphTokenFor(target, await control().ssoToken(SEED_USERS.ana.oid)));
    const board = SEED_WORKBOOKS.board;
    const refused = await graphFailure(
      ana.api(`/drives/${board.driveId}/items/${board.itemId}/workbook/createSession`).post({ persistChanges: true }),
    );
    expect(refused.statusCode).toBe(403);
    expect(refused.code).toBe('FileOpenUserUnauthorized');
    expect((JSON.parse(String(refused.body)) as ErrorBody).innerError?.code).toBe('unauthorizedUncategorized');
    const share = await graphFailure(ana.api(`/shares/${encodeSharingUrl(board.webUrl)}/driveItem`).get());
    expect([share.statusCode, share.code, share.message]).toEqual([
      403,
      'accessDenied',
      'The sharing link no longer exists, or you do not have permission to access it.',
    ]);
    await control().shareWorkbook(board.itemId, [SEED_USERS.ana.oid]);
    await expect(
      ana.api(`/drives/${board.driveId}/items/${board.itemId}/workbook/createSession`).post({ persistChanges: true }),
    ).resolves.toHaveProperty('id');
  });
});

emulatorOnly('graphError faults through the SDK', () => {
  afterEach(() => control().clearFaults());

  it('surfaces the nested GenericFileOpenError chain with the top-level code and the request id', async () => {
    await control().setFaults({
      rules: [{ route: 'createSession', kind: 'graphError', count: 1, error: GRAPH_FAILURES.genericFileOpen }],
    });
    const error = await graphFailure(graph.api(`${itemPath}/workbook/createSession`).post({ persistChanges: true }));
    expect([error.statusCode, error.code]).toEqual([500, 'GenericFileOpenError']);
    const body = JSON.parse(String(error.body)) as ErrorBody;
    expect(body.innerError).toMatchObject({
      code: 'internalServerErrorUncategorized',
      innerError: { code: 'GenericFileOpenError' },
      'request-id': error.requestId,
    });
  });

  it('a 409 invalidSessionAccessConflict with Retry-After reaches the SDK as is (409 is not retried)', async () => {
    await control().setFaults({
      rules: [
        {
          route: 'createSession',
          kind: 'graphError',
          error: GRAPH_FAILURES.sessionAccessConflict,
          retryAfterSeconds: 5,
        },
      ],
    });
    const error = await graphFailure(graph.api(`${itemPath}/workbook/createSession`).post({ persistChanges: true }));
    expect([error.statusCode, error.code]).toEqual([409, 'conflict']);
    expect(error.headers?.get('retry-after')).toBe('5');
    expect((JSON.parse(String(error.body)) as ErrorBody).innerError?.code).toBe('invalidSessionAccessConflict');
  });

  it('a 502 on a session call in $batch is that item’s answer, without an inner code', async () => {
    const created = (await graph.api(`${itemPath}/workbook/createSession`).post({ persistChanges: false })) as {
      id: string;
    };
    await control().setFaults({
      rules: [{ route: 'refreshSession', kind: 'graphError', error: GRAPH_FAILURES.sessionBadGateway }],
    });
    const request = new Request(`${target.graphHost}${itemPath}/workbook/refreshSession`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'workbook-session-id': created.id },
      body: '{}',
    });
    const content = await new BatchRequestContent([{ id: 'r', request }]).getContent();
    const batch = new BatchResponseContent((await graph.api('/$batch').post(content)) as { responses: [] });
    const answer = batch.getResponseById('r');
    expect(answer?.status).toBe(502);
    const body = (await answer?.json()) as { error: ErrorBody };
    expect(body.error.code).toBe('badGateway');
    expect(body.error.innerError?.code).toBeUndefined();
  });
});
