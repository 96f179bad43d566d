/**
 * What pino must never print. Fastify's request serializer logs no headers, but any object we
 * log (or a future serializer) may carry them; these paths are censored wherever they appear
 * at the top level or one level down.
 */
const SECRET_KEYS = [
  'authorization',
  'Authorization',
  'token',
  'accessToken',
  'access_token',
  'assertion',
  'oboAssertion',
  'clientSecret',
  'client_secret',
  'secret',
  'refresh_token',
  'id_token',
  'client_assertion',
  'password',
  'graphSessionId',
  'workbookSessionId',
  'sessionId',
  'cookie',
] as const;

export const LOG_REDACT_PATHS: readonly string[] = [
  ...SECRET_KEYS,
  ...SECRET_KEYS.map((key) => `*.${key}`),
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["workbook-session-id"]',
  'req.headers["proxy-authorization"]',
  'headers.authorization',
  'headers["workbook-session-id"]',
  '*.headers.authorization',
  '*.headers["workbook-session-id"]',
];
