import { msalFailureOf } from './msalFailure';

const error = (fields: Record<string, unknown>): Error => Object.assign(new Error('m'), fields);

describe('msalFailureOf: MSAL.js errors by their codes', () => {
  it.each([
    [{ errorCode: 'consent_required' }, 'interactionRequired'],
    [{ errorCode: 'interaction_required' }, 'interactionRequired'],
    [{ errorCode: 'login_required' }, 'interactionRequired'],
    [{ errorCode: 'user_cancelled' }, 'cancelled'],
    [{ errorCode: 'access_denied', errorNo: '65004' }, 'cancelled'],
    [{ errorCode: 'access_denied', errorNo: '90094' }, 'adminConsentRequired'],
    [{ errorCode: 'AADSTS90094' }, 'adminConsentRequired'],
    [{ errorCode: 'no_network_connectivity' }, 'network'],
    [{ errorCode: 'nested_app_auth_bridge_disabled' }, 'unavailable'],
    [{ errorCode: 'invalid_scope', errorNo: '70011' }, 'other'],
    [{}, 'other'],
  ])('%j → %s', (fields, kind) => {
    expect(msalFailureOf(error(fields)).kind).toBe(kind);
  });

  it('never reads the message', () => {
    expect(msalFailureOf(new Error('consent_required AADSTS90094')).kind).toBe('other');
    expect(msalFailureOf('consent_required').kind).toBe('other');
  });
});
