import { AuthError, InteractionRequiredAuthError, ServerError } from '@azure/msal-node';
import { classifyOboError } from './oboErrors';

const server = (error: string, errorNo?: string, status = 400): ServerError =>
  new ServerError(error, 'corr', 'description text', undefined, errorNo, status);

describe('classifyOboError (by codes, never by message)', () => {
  it.each([
    [server('invalid_grant', '500133'), 'tokenExpired', 401],
    [
      new InteractionRequiredAuthError(
        'invalid_grant',
        'c',
        'd',
        'basic_action',
        '',
        '',
        '{"access_token":{"capolids":{}}}',
        '50076',
      ),
      'claimsChallenge',
      401,
    ],
    [
      new InteractionRequiredAuthError('interaction_required', 'c', 'd', undefined, '', '', '{"x":1}', '50079'),
      'claimsChallenge',
      401,
    ],
    [server('invalid_grant', '65001'), 'consentRequired', 403],
    [server('invalid_scope', '70011'), 'serverMisconfigured', 500],
    [server('invalid_client', '7000215', 401), 'serverMisconfigured', 500],
    [new AuthError('network_error', 'c'), 'upstreamUnavailable', 503],
    [server('server_error', undefined, 503), 'upstreamUnavailable', 503],
    [server('invalid_grant', '50013'), 'invalidToken', 401],
    [server('something_new'), 'upstreamError', 502],
  ])('%#: maps to %s', (error, code, status) => {
    const { error: appError } = classifyOboError(error);
    expect(appError.code).toBe(code);
    expect(appError.status).toBe(status);
  });

  it('relays the claims string of a claims challenge', () => {
    const claims = '{"access_token":{"polids":{"essential":true}}}';
    const { error } = classifyOboError(
      new InteractionRequiredAuthError('interaction_required', 'c', 'd', undefined, '', '', claims, '50079'),
    );
    expect(error.claims).toBe(claims);
  });

  it('gives misconfiguration a server-side detail and a generic user message', () => {
    const { error, log } = classifyOboError(server('invalid_client', '7000215', 401));
    expect(log.adminDetail).toContain('AADSTS7000215');
    expect(error.message).not.toContain('7000215');
  });
});
