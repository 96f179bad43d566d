/**
 * The response headers Entra ID's endpoints send, so clients that log or read them (msal-node
 * reads `x-ms-request-id` into its errors) meet them locally. `x-ms-request-id` equals the
 * `trace_id` of an error body. Values follow captured answers of login.microsoftonline.com;
 * `x-ms-ests-server` names the emulator instead of a real front end.
 * See https://learn.microsoft.com/en-us/entra/identity-platform/reference-error-codes#handling-error-codes-in-your-application
 * for the error body these travel with.
 */

/** Paths of the Entra routes: `/{tenant}/oauth2/v2.0/{token|authorize}`, discovery and keys. */
export const ENTRA_PATH =
  /^\/[^/]+\/(?:oauth2\/(?:v2\.0\/)?(?:token|authorize)|(?:v2\.0\/)?\.well-known\/openid-configuration|discovery\/(?:v2\.0\/)?keys)$/;

export function entraHeaders(requestId: string): Record<string, string> {
  return {
    'x-ms-request-id': requestId,
    'x-ms-ests-server': '2.1.0.0 - EMUL1 LocalEmulator',
    'strict-transport-security': 'max-age=31536000; includeSubDomains',
    'x-content-type-options': 'nosniff',
    p3p: 'CP="DSP CUR OTPi IND OTRi ONL FIN"',
  };
}

/** Token answers: never cached. */
export const TOKEN_CACHING: Readonly<Record<string, string>> = {
  'cache-control': 'no-store, no-cache',
  pragma: 'no-cache',
  expires: '-1',
};

/** Discovery documents and keys: cacheable for a day and readable from any origin, as Entra serves them. */
export const DISCOVERY_CACHING: Readonly<Record<string, string>> = {
  'cache-control': 'max-age=86400, private',
  'access-control-allow-origin': '*',
};
