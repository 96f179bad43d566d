import { LOCAL_MODE } from '../../shared/localMode';
import { asksForAccessTokenClaims } from './authorizeRoutes';
import { resolveScopes } from './authorizeRequest';

const client = { clientId: LOCAL_MODE.clientId, addinOrigin: 'https://localhost:3000' };
const API = `api://localhost:3000/${LOCAL_MODE.clientId}/access_as_user`;

describe('/authorize scopes and claims', () => {
  it('a token for the API, with the Graph permissions asked alongside only to be consented to (extraScopesToConsent)', () => {
    expect(
      resolveScopes(`${API} https://graph.microsoft.com/Files.ReadWrite openid profile offline_access`, client),
    ).toEqual({ resource: 'addin', granted: [API], consentTo: ['Files.ReadWrite'] });
    expect(resolveScopes(`${API} openid`, client)).toEqual({ resource: 'addin', granted: [API], consentTo: [] });
    expect(() => resolveScopes(`${API} https://graph.microsoft.com/Nope`, client)).toThrow(/AADSTS70011/);
  });

  it('only a challenge for the access token counts as one (MSAL.js always sends id_token hints)', () => {
    expect(asksForAccessTokenClaims('{"access_token":{"polids":{"essential":true,"values":["p"]}}}')).toBe(true);
    expect(asksForAccessTokenClaims('{"id_token":{"signin_state":{"essential":false}}}')).toBe(false);
    expect(asksForAccessTokenClaims('not json')).toBe(false);
    expect(asksForAccessTokenClaims(undefined)).toBe(false);
  });
});
