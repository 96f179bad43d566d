import { graphErrors } from './graphErrors';
import { entraErrors } from '../entra/entraErrors';

const context = {
  requestId: '11111111-2222-4333-8444-555555555555',
  clientRequestId: 'aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee',
  nowMs: Date.parse('2027-03-01T09:08:07.654Z'),
};

describe('Graph error factory', () => {
  it('renders the Graph envelope with the ids and a date without fractional seconds', () => {
    const error = graphErrors.sessionNotFound();
    expect(error.status).toBe(404);
    expect(error.render(context)).toEqual({
      error: {
        code: 'notFound',
        message: expect.any(String),
        innerError: {
          code: 'invalidSessionReCreatable',
          date: '2027-03-01T09:08:07',
          'request-id': context.requestId,
          'client-request-id': context.clientRequestId,
        },
      },
    });
  });

  it('pairs each error with its status and inner code', () => {
    const cases: [ReturnType<(typeof graphErrors)[keyof typeof graphErrors]>, number, string, string | undefined][] = [
      [graphErrors.missingSessionHeader(), 400, 'invalidRequest', 'invalidArgument'],
      [graphErrors.invalidBody('x'), 400, 'invalidRequest', 'invalidArgument'],
      [graphErrors.missingToken('https://e/authorize'), 401, 'InvalidAuthenticationToken', undefined],
      [graphErrors.insufficientScope(), 403, 'accessDenied', 'forbiddenUncategorized'],
      [graphErrors.itemNotFound(), 404, 'itemNotFound', undefined],
      [graphErrors.methodNotAllowed('GET'), 405, 'methodNotAllowed', 'methodNotAllowedUncategorized'],
      [graphErrors.notImplemented('GET', '/v1.0/me'), 501, 'notImplemented', 'notImplementedUncategorized'],
    ];
    for (const [error, status, code, innerCode] of cases) {
      const body = error.render(context);
      expect([error.status, body.error.code, body.error.innerError?.code]).toEqual([status, code, innerCode]);
    }
  });

  it('sends a Bearer challenge with 401s', () => {
    expect(graphErrors.expiredToken('https://e/t/oauth2/v2.0/authorize').headers['www-authenticate']).toContain(
      'authorization_uri="https://e/t/oauth2/v2.0/authorize"',
    );
  });
});

describe('Entra error factory', () => {
  it("renders Entra's JSON with AADSTS code, timestamp, trace and correlation ids", () => {
    const error = entraErrors.invalidClientSecret('c0ffee00-1d2e-4f3a-9b8c-7d6e5f4a3b2c');
    expect(error.status).toBe(401);
    const body = error.render(context);
    expect(body).toMatchObject({
      error: 'invalid_client',
      error_codes: [7000215],
      timestamp: '2027-03-01 09:08:07Z',
      trace_id: context.requestId,
      correlation_id: context.clientRequestId,
    });
    expect(body.error_description).toMatch(/^AADSTS7000215: /);
  });

  it('uses a fresh GUID as correlation id when the client sent a non-GUID request id', () => {
    const body = entraErrors.assertionExpired().render({ ...context, clientRequestId: 'abc' });
    expect(body.correlation_id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-/);
    expect(body.error_codes).toEqual([500133]);
  });

  it('marks consent problems with the consent_required suberror', () => {
    expect(entraErrors.consentRequired('c', 'Sites.ReadWrite.All').render(context)).toMatchObject({
      error: 'invalid_grant',
      error_codes: [65001],
      suberror: 'consent_required',
    });
  });
});
