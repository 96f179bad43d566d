import { API_ERROR_STATUS, parseApiErrorEnvelope } from './errors';

describe('parseApiErrorEnvelope', () => {
  it('accepts the envelope and keeps the known optional fields', () => {
    const parsed = parseApiErrorEnvelope({
      error: {
        code: 'claimsChallenge',
        message: 'MFA required',
        requestId: 'r1',
        claims: '{"access_token":{}}',
        retryAfterSeconds: 2.5,
        extra: 1,
      },
    });
    expect(parsed).toEqual({
      error: {
        code: 'claimsChallenge',
        message: 'MFA required',
        requestId: 'r1',
        claims: '{"access_token":{}}',
        retryAfterSeconds: 2.5,
      },
    });
  });

  it.each([
    ['null', null],
    ['a string', 'error'],
    ['no error member', { code: 'invalidToken' }],
    ['an unknown code', { error: { code: 'somethingElse', message: 'x' } }],
    ['a missing message', { error: { code: 'invalidToken' } }],
  ])('rejects %s', (_label, body) => {
    expect(parseApiErrorEnvelope(body)).toBeUndefined();
  });

  it('drops a negative or non-finite retryAfterSeconds', () => {
    expect(
      parseApiErrorEnvelope({ error: { code: 'rateLimited', message: 'x', retryAfterSeconds: -1 } })?.error
        .retryAfterSeconds,
    ).toBeUndefined();
  });

  it('pairs every code with a real HTTP error status', () => {
    for (const status of Object.values(API_ERROR_STATUS)) {
      expect(status).toBeGreaterThanOrEqual(400);
      expect(status).toBeLessThan(600);
    }
  });
});
