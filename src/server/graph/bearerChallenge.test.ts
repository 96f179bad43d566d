import { bearerChallengeParams, insufficientClaimsOf } from './bearerChallenge';

const CLAIMS_JSON = '{"access_token":{"nbf":{"essential":true, "value":"1702682181"}}}';
const CLAIMS_B64 = Buffer.from(CLAIMS_JSON, 'utf8').toString('base64');
// The shape Graph answers with under continuous access evaluation, parameters in its order.
const GRAPH_CAE =
  `Bearer realm="", authorization_uri="https://login.microsoftonline.com/common/oauth2/authorize", client_id="00000003-0000-0000-c000-000000000000", ` +
  `errorDescription="Continuous access evaluation resulted in challenge with result: InteractionRequired and code: TokenIssuedBeforeRevocationTimestamp", error="insufficient_claims", claims="${CLAIMS_B64}"`;

describe('bearerChallengeParams', () => {
  it('reads quoted and unquoted values, names case-insensitively, commas inside quotes', () => {
    const params = bearerChallengeParams(
      GRAPH_CAE.replace(
        'authorization_uri="https://login.microsoftonline.com/common/oauth2/authorize"',
        'Authorization_URI=https://login.microsoftonline.com/common/oauth2/authorize',
      ),
    );
    expect(params?.get('authorization_uri')).toBe('https://login.microsoftonline.com/common/oauth2/authorize');
    expect(params?.get('realm')).toBe('');
    expect(params?.get('errordescription')).toContain('InteractionRequired and code');
    expect(params?.get('error')).toBe('insufficient_claims');
  });

  it('reads the Bearer challenge among others, and unescapes quoted pairs', () => {
    expect(bearerChallengeParams('Basic realm="x", Bearer error="a\\"b", scope="s"')?.get('error')).toBe('a"b');
    expect(bearerChallengeParams('PoP nonce="n", Bearer error="insufficient_claims"')?.get('error')).toBe(
      'insufficient_claims',
    );
  });

  it.each([
    ['no header', undefined],
    ['another scheme only', 'Basic realm="x"'],
    ['an unterminated quoted string', 'Bearer error="insufficient_claims'],
    ['garbage', '"Bearer"'],
  ])('gives nothing for %s', (_name, header) => {
    expect(bearerChallengeParams(header)).toBeUndefined();
  });
});

describe('insufficientClaimsOf', () => {
  it("decodes Graph's CAE challenge to the claims JSON the client passes on", () => {
    expect(insufficientClaimsOf(GRAPH_CAE)).toBe(CLAIMS_JSON);
  });

  it('accepts base64url and missing padding', () => {
    const url = Buffer.from(CLAIMS_JSON).toString('base64url');
    expect(insufficientClaimsOf(`Bearer error="insufficient_claims", claims="${url}"`)).toBe(CLAIMS_JSON);
  });

  it.each([
    [
      'a plain 401 challenge (expired token)',
      'Bearer realm="", authorization_uri="https://login.microsoftonline.com/common/oauth2/authorize", client_id="00000003-0000-0000-c000-000000000000"',
    ],
    ['another error', `Bearer error="invalid_token", claims="${CLAIMS_B64}"`],
    ['no claims', 'Bearer error="insufficient_claims"'],
    ['claims that are not base64', 'Bearer error="insufficient_claims", claims="{not base64}"'],
    [
      'claims that are not JSON',
      `Bearer error="insufficient_claims", claims="${Buffer.from('nbf=1').toString('base64')}"`,
    ],
    [
      'claims that are a JSON array',
      `Bearer error="insufficient_claims", claims="${Buffer.from('[1]').toString('base64')}"`,
    ],
  ])('gives nothing for %s', (_name, header) => {
    expect(insufficientClaimsOf(header)).toBeUndefined();
  });
});
