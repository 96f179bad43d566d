/**
 * How requests reach the middle tier: HTTPS with its own certificate (TLS_CERT_FILE and
 * TLS_KEY_FILE), or plain HTTP behind a TLS-terminating proxy that it trusts (TRUST_PROXY). The
 * two may be combined (a proxy that re-encrypts). Plain HTTP without a trusted proxy is refused:
 * SSO tokens would cross the network in clear, and nothing would vouch for the client's address.
 *
 * TRUST_PROXY is a number of proxy hops (1 = the peer is the proxy), or a comma-separated list of
 * the proxies' exact addresses. CIDR ranges and proxy-addr's names (`loopback`, `linklocal`,
 * `uniquelocal`) are accepted with a warning at start: every address inside a range is taken for
 * a proxy, so a client inside it (another workload on the same private network) chooses its own
 * X-Forwarded-For. Only then are `X-Forwarded-For` / `X-Forwarded-Proto` / `X-Forwarded-Host`
 * believed, for the client address (logs, failed-sign-in limits) and the protocol; a forwarded
 * "address" that is not an IP address is ignored for the socket's (clientAddress).
 * https://fastify.dev/docs/latest/Reference/Server/#trustproxy
 */
import type { ReadVariable } from '../serverVariables';
import { isIP } from 'node:net';
import type { FastifyRequest } from 'fastify';
import { createAppError } from '../errors/AppError';

export interface TlsMaterial {
  certPem: string;
  keyPem: string;
}

export type TrustProxy = { hops: number } | { addresses: string[] };

export interface Transport {
  /** null: plain HTTP, allowed only with trustProxy. */
  tls: TlsMaterial | null;
  trustProxy: TrustProxy | null;
}

const MAX_HOPS = 10;
const NAMED_RANGES = new Set(['loopback', 'linklocal', 'uniquelocal']);

/** Reads TLS_CERT_FILE, TLS_KEY_FILE and TRUST_PROXY; each problem is pushed as one line naming the variable. */
export function readTransport(
  read: ReadVariable,
  readPem: (name: string, path: string, label: string) => string,
  problems: string[],
): Transport {
  const trustProxyText = read('TRUST_PROXY');
  const trustProxy = parseTrustProxy(trustProxyText, problems);
  const certFile = read('TLS_CERT_FILE');
  const keyFile = read('TLS_KEY_FILE');
  if (certFile === '' && keyFile === '') {
    // A TRUST_PROXY that is set but wrong has its own line; saying the TLS files are missing too
    // would send the administrator the wrong way.
    if (trustProxyText === '') {
      problems.push(
        'TLS_CERT_FILE and TLS_KEY_FILE are missing: set them to serve HTTPS, or, behind a TLS-terminating proxy, set TRUST_PROXY (its hop count or addresses) to serve plain HTTP to it.',
      );
    }
    return { tls: null, trustProxy };
  }
  if (certFile === '')
    problems.push(
      'TLS_CERT_FILE is missing: set it to the PEM certificate file the server presents (TLS_KEY_FILE is set).',
    );
  if (keyFile === '') problems.push('TLS_KEY_FILE is missing: set it to the PEM private key file of TLS_CERT_FILE.');
  const certPem = certFile === '' ? '' : readPem('TLS_CERT_FILE', certFile, 'CERTIFICATE');
  const keyPem = keyFile === '' ? '' : readPem('TLS_KEY_FILE', keyFile, 'PRIVATE KEY');
  return { tls: { certPem, keyPem }, trustProxy };
}

export function parseTrustProxy(text: string, problems: string[]): TrustProxy | null {
  if (text === '') return null;
  if (/^\d+$/.test(text)) {
    const hops = Number(text);
    if (hops >= 1 && hops <= MAX_HOPS) return { hops };
    problems.push(`TRUST_PROXY as a hop count must be from 1 to ${MAX_HOPS} (got "${text}").`);
    return null;
  }
  const entries = text
    .split(',')
    .map((e) => e.trim())
    .filter((e) => e !== '');
  const bad = entries.filter((e) => !isProxyAddress(e));
  if (entries.length === 0 || bad.length > 0) {
    problems.push(
      `TRUST_PROXY must be a hop count or a comma-separated list of proxy addresses or CIDR ranges (bad: ${bad.map((b) => `"${b}"`).join(', ') || `"${text}"`}); "true", "*" and /0 ranges would trust any client's X-Forwarded-For.`,
    );
    return null;
  }
  return { addresses: entries };
}

function isProxyAddress(entry: string): boolean {
  if (NAMED_RANGES.has(entry)) return true;
  const [address = '', prefix, extra] = entry.split('/');
  if (extra !== undefined) return false;
  const family = isIP(address);
  if (family === 0) return false;
  if (prefix === undefined) return true;
  if (!/^\d{1,3}$/.test(prefix)) return false;
  const bits = Number(prefix);
  return bits >= 1 && bits <= (family === 4 ? 32 : 128);
}

/**
 * The warning a TRUST_PROXY with ranges deserves, or undefined for exact addresses and hop counts.
 */
export function trustProxyRangeWarning(trustProxy: TrustProxy | null): string | undefined {
  if (trustProxy === null || !('addresses' in trustProxy)) return undefined;
  const ranges = trustProxy.addresses.filter((entry) => {
    if (NAMED_RANGES.has(entry)) return true;
    const [address = '', prefix] = entry.split('/');
    return prefix !== undefined && Number(prefix) < (isIP(address) === 4 ? 32 : 128);
  });
  if (ranges.length === 0) return undefined;
  return `TRUST_PROXY names address ranges (${ranges.join(', ')}): any client inside them is taken for a proxy and can set its own X-Forwarded-For, escaping the failed-sign-in limit and choosing the address written to the log. Name the proxies' exact addresses instead.`;
}

/**
 * The client's address: the one Fastify derived from X-Forwarded-For through the trusted proxies,
 * when it is an IP address; otherwise (a proxy passing on a client's text) the socket's peer.
 */
export function clientAddress(request: { ip: string; socket?: { remoteAddress?: string } | null }): string {
  if (isIP(request.ip) !== 0) return request.ip;
  return request.socket?.remoteAddress ?? 'unknown';
}

/**
 * Fastify's `trustProxy` option for this setting. A hop count becomes proxy-addr's hop rule (the
 * nearest `hops` addresses are proxies, whoever they are): Fastify itself now refuses bare numbers,
 * because a client that reaches the port directly is then taken for a proxy. It is offered for
 * hosts whose front ends have no fixed addresses and whose app port only they can reach.
 */
export function fastifyTrustProxy(
  trustProxy: TrustProxy | null,
): string[] | ((address: string, hop: number) => boolean) | false {
  if (trustProxy === null) return false;
  if ('addresses' in trustProxy) return trustProxy.addresses;
  const { hops } = trustProxy;
  return (_address, hop) => hop < hops;
}

/** Paths a load balancer probes directly, without going through the proxy. */
const DIRECT_PATHS = new Set(['/healthz', '/readyz']);

/**
 * In plain-HTTP mode: a request that did not come through the trusted proxy over HTTPS (a client
 * reaching the port directly, or a proxy forwarding plain HTTP) is refused; only the probes are
 * answered directly.
 */
export function requireHttpsFromProxy(request: FastifyRequest): void {
  if (request.protocol === 'https') return;
  if (DIRECT_PATHS.has(request.url.split('?')[0] ?? '')) return;
  throw createAppError('invalidRequest', { message: 'This service is reached over HTTPS through its proxy only.' });
}
