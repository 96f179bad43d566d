// Graph's failures as the contract's errors: by status and Graph's codes, never by message.
import { API_ERROR_STATUS } from '../../shared/errors';
import { closeAnswerOutcome, graphFailureToAppError, WORKBOOK_BUSY_RETRY_SECONDS } from './graphErrors';

type Failure = {
  status: number;
  code: string;
  message: string;
  innerError?: readonly { code?: string; message?: string }[];
};

/** Graph's answers for the failures real users meet (the shapes reported from graph.microsoft.com). */
const GRAPH_FAILURES = {
  fileOpenUserUnauthorized: {
    status: 403,
    code: 'FileOpenUserUnauthorized',
    message: 'You do not have permissions to open this file in the browser.',
    innerError: [{ code: 'unauthorizedUncategorized' }],
  },
  sharingLinkDenied: {
    status: 403,
    code: 'accessDenied',
    message: 'The sharing link no longer exists, or you do not have permission to access it.',
  },
  wacAccessToken: { status: 403, code: 'AccessDenied', message: 'Could not obtain a WAC access token.' },
  sessionRestricted: {
    status: 403,
    code: 'forbidden',
    message: 'Restricted.',
    innerError: [{ code: 'invalidSessionRestricted' }],
  },
  workbookLocked: { status: 409, code: 'conflict', message: 'Locked.', innerError: [{ code: 'accessConflict' }] },
  sessionAccessConflict: {
    status: 409,
    code: 'conflict',
    message: 'Conflict.',
    innerError: [{ code: 'invalidSessionAccessConflict' }],
  },
  sessionBadGateway: { status: 502, code: 'badGateway', message: 'Bad gateway.' },
  unsupportedWorkbook: {
    status: 400,
    code: 'badRequest',
    message: 'Unsupported.',
    innerError: [{ code: 'invalidSessionUnsupportedWorkbook' }],
  },
  sessionNotFound: {
    status: 404,
    code: 'notFound',
    message: 'Not found.',
    innerError: [{ code: 'invalidSessionNotFound' }],
  },
  genericFileOpen: {
    status: 500,
    code: 'GenericFileOpenError',
    message: 'The workbook cannot be opened.',
    innerError: [
      { code: 'internalServerErrorUncategorized', message: 'An unspecified error has occurred.' },
      { code: 'GenericFileOpenError', message: 'The workbook cannot be opened.' },
    ],
  },
  sessionUnexpected: {
    status: 500,
    code: 'internalServerError',
    message: 'Unexpected.',
    innerError: [{ code: 'invalidSessionUnexpected' }],
  },
  throttled: {
    status: 429,
    code: 'TooManyRequests',
    message: 'Please retry again later.',
    innerError: [{ code: '429' }],
  },
} satisfies Record<string, Failure>;

/** The envelope Graph sends for a failure (inner levels nested). */
function envelope(failure: Failure): unknown {
  const [first, ...rest] = failure.innerError ?? [];
  const nest = (levels: readonly { code?: string; message?: string }[]): unknown =>
    levels.length === 0 ? undefined : { ...levels[0], innerError: nest(levels.slice(1)) };
  return {
    error: {
      code: failure.code,
      message: failure.message,
      innerError: { ...first, innerError: nest(rest), 'request-id': 'r', date: '2027-01-01T00:00:00' },
    },
  };
}

const mapped = (failure: Failure, op: string, retryAfterSeconds?: number) =>
  graphFailureToAppError({
    status: failure.status,
    body: envelope(failure),
    op,
    ...(retryAfterSeconds === undefined ? {} : { retryAfterSeconds }),
  });

describe('graphFailureToAppError', () => {
  it.each([
    [
      'FileOpenUserUnauthorized on createSession',
      GRAPH_FAILURES.fileOpenUserUnauthorized,
      'createSession',
      'workbookAccessDenied',
    ],
    ['the /shares refusal', GRAPH_FAILURES.sharingLinkDenied, 'resolveDocumentUrl', 'workbookAccessDenied'],
    ['no WAC token (no inner code)', GRAPH_FAILURES.wacAccessToken, 'createSession', 'wacTokenRefused'],
    ['invalidSessionRestricted', GRAPH_FAILURES.sessionRestricted, 'refreshSession', 'workbookRestricted'],
    [
      'invalidSessionRestricted on createSession',
      GRAPH_FAILURES.sessionRestricted,
      'createSession',
      'workbookRestricted',
    ],
    [
      'FileOpenUserUnauthorized on closeSession',
      GRAPH_FAILURES.fileOpenUserUnauthorized,
      'closeSession',
      'closeRefused',
    ],
    ['the WAC refusal on closeSession', GRAPH_FAILURES.wacAccessToken, 'closeSession', 'closeRefused'],
    ['a locked workbook', GRAPH_FAILURES.workbookLocked, 'createSession', 'workbookBusy'],
    ['a co-authoring conflict on refresh', GRAPH_FAILURES.sessionAccessConflict, 'refreshSession', 'sessionConflict'],
    ['invalidSessionUnexpected on refresh', GRAPH_FAILURES.sessionUnexpected, 'refreshSession', 'sessionLost'],
    [
      'invalidSessionUnexpected on createSession',
      GRAPH_FAILURES.sessionUnexpected,
      'createSession',
      'upstreamUnavailable',
    ],
    ['throttling that outlasted the retries', GRAPH_FAILURES.throttled, 'createSession', 'graphThrottled'],
    ['a 502 on refresh', GRAPH_FAILURES.sessionBadGateway, 'refreshSession', 'sessionLost'],
    ['a 502 on close', GRAPH_FAILURES.sessionBadGateway, 'closeSession', 'sessionLost'],
    [
      'a 502 on createSession (not in a session)',
      GRAPH_FAILURES.sessionBadGateway,
      'createSession',
      'upstreamUnavailable',
    ],
    ['invalidSessionUnsupportedWorkbook', GRAPH_FAILURES.unsupportedWorkbook, 'createSession', 'unsupportedWorkbook'],
    ['invalidSessionNotFound', GRAPH_FAILURES.sessionNotFound, 'refreshSession', 'sessionExpired'],
    ['the nested GenericFileOpenError', GRAPH_FAILURES.genericFileOpen, 'createSession', 'workbookCannotOpen'],
  ])('%s → %s', (_name, failure, op, code) => {
    const error = mapped(failure, op);
    expect(error.code).toBe(code);
    expect(error.status).toBe(API_ERROR_STATUS[code as keyof typeof API_ERROR_STATUS]);
  });

  it("keeps Graph's Retry-After on a 409, and suggests a wait when Graph gave none", () => {
    expect(mapped(GRAPH_FAILURES.workbookLocked, 'createSession', 12).retryAfterSeconds).toBe(12);
    expect(mapped(GRAPH_FAILURES.workbookLocked, 'createSession').retryAfterSeconds).toBe(WORKBOOK_BUSY_RETRY_SECONDS);
  });

  it("keeps Graph's Retry-After when throttled", () => {
    expect(mapped(GRAPH_FAILURES.throttled, 'refreshSession', 60)).toMatchObject({
      code: 'graphThrottled',
      status: 429,
      retryAfterSeconds: 60,
    });
  });

  it('does not read the message: the same text under another status maps by status', () => {
    expect(
      mapped(
        { ...GRAPH_FAILURES.fileOpenUserUnauthorized, status: 500, code: 'internalServerError', innerError: [] },
        'createSession',
      ).code,
    ).toBe('upstreamUnavailable');
  });
});

describe('a 401 from Graph', () => {
  const claims = '{"access_token":{"nbf":{"essential":true, "value":"1702682181"}}}';
  const caeBody = {
    error: {
      code: 'InvalidAuthenticationToken',
      message:
        'Continuous access evaluation resulted in challenge with result: InteractionRequired and code: TokenIssuedBeforeRevocationTimestamp',
    },
  };
  const challenge = `Bearer realm="", authorization_uri="https://login.microsoftonline.com/common/oauth2/authorize", error="insufficient_claims", claims="${Buffer.from(claims).toString('base64')}"`;

  it.each(['createSession', 'refreshSession', 'closeSession', 'resolveDocumentUrl'])(
    'with an insufficient_claims challenge on %s → 401 claimsChallenge carrying the decoded claims',
    (op) => {
      const error = graphFailureToAppError({ status: 401, body: caeBody, op, wwwAuthenticate: challenge });
      expect(error).toMatchObject({ code: 'claimsChallenge', status: 401, claims, upstreamStatus: 401 });
    },
  );

  it('is classified by the header, not the message: the same body without the challenge stays upstreamError', () => {
    expect(graphFailureToAppError({ status: 401, body: caeBody, op: 'createSession' }).code).toBe('upstreamError');
    expect(
      graphFailureToAppError({ status: 403, body: caeBody, op: 'createSession', wwwAuthenticate: challenge }).code,
    ).toBe('workbookAccessDenied');
  });
});

describe('closeAnswerOutcome', () => {
  it('settles a close whose session conflicts with another client as already gone (the session is invalid)', () => {
    expect(closeAnswerOutcome(409, envelope(GRAPH_FAILURES.sessionAccessConflict))).toBe('alreadyGone');
    expect(closeAnswerOutcome(409, envelope(GRAPH_FAILURES.workbookLocked))).toBeUndefined();
  });

  it('settles a close Graph answers with a bare 502 (the session is lost: nothing is left to close) as already gone', () => {
    expect(closeAnswerOutcome(502, envelope(GRAPH_FAILURES.sessionBadGateway))).toBe('alreadyGone');
    expect(closeAnswerOutcome(500, envelope(GRAPH_FAILURES.sessionUnexpected))).toBe('alreadyGone');
  });

  it('leaves a refused, throttled or failing close unsettled', () => {
    expect(closeAnswerOutcome(403, envelope(GRAPH_FAILURES.fileOpenUserUnauthorized))).toBeUndefined();
    expect(closeAnswerOutcome(429, envelope(GRAPH_FAILURES.throttled))).toBeUndefined();
    expect(closeAnswerOutcome(503, { error: { code: 'serviceUnavailable', message: 'x' } })).toBeUndefined();
    expect(closeAnswerOutcome(500, envelope(GRAPH_FAILURES.genericFileOpen))).toBeUndefined();
  });
});
