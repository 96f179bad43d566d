/**
 * How long the middle tier waits for clients and how many connections it holds. It terminates
 * TLS itself, where Fastify's guidance is to set request and connection timeouts
 * (https://fastify.dev/docs/latest/Reference/Server/#requesttimeout), so that clients that
 * send slowly or not at all cannot hold connections open:
 * - TLS handshake and request headers: `headersTimeoutMs` (Node's `headersTimeout`, also the TLS
 *   `handshakeTimeout`); the whole request, body included: `requestTimeoutMs`. Both are checked
 *   by Node every `connectionsCheckingInterval`, which we shorten so they apply on time. A late
 *   request gets `408 requestTimeout` and the connection is closed (errors/clientErrors.ts).
 * - Idle keep-alive connections: `keepAliveTimeoutMs`.
 * - No traffic either way for `connectionTimeoutMs` (a stalled client that stops reading, or
 *   anything the others miss): the socket is destroyed, even mid-request, so it must exceed the
 *   longest request (bounded Graph retries take up to about half a minute).
 * - Caps, counted on the TCP socket before the TLS handshake (so refusing costs nothing):
 *   `maxConnections` in all and `maxConnectionsPerAddress` per client address, where an IPv6
 *   client counts by its /64 (one host commonly holds a whole /64). A refused connection is
 *   closed at once; at the total cap an idle connection of the group holding the most makes room
 *   for a newcomer first (connectionCaps.ts). Behind a trusted reverse proxy every socket comes from the proxy: there the
 *   per-address cap is off by default, or it would throttle all users behind that
 *   proxy together.
 * - After an early refusal (401, 413, 415, 429, answered before the body is read), the answer
 *   says `Connection: close` and the connection is closed, instead of Node reading and
 *   discarding a declared body it will never use.
 */
import { isIPv6 } from 'node:net';
import type { Server as NodeServer } from 'node:http';
import type { FastifyInstance } from 'fastify';
import { count, tableReader } from '../../shared/configTable';
import { SERVER_VARIABLES, type ServerReader } from '../serverVariables';

/** Timeouts in milliseconds; a cap of 0 turns that cap off. */
export interface ConnectionLimits {
  /** The request line and headers must arrive within this (also the TLS handshake). */
  headersTimeoutMs: number;
  /** The whole request, body included, must arrive within this. */
  requestTimeoutMs: number;
  /** An idle keep-alive connection is closed after this. */
  keepAliveTimeoutMs: number;
  /** A connection with no traffic either way for this long is closed, even mid-request. */
  connectionTimeoutMs: number;
  /** Open connections in all. */
  maxConnections: number;
  /** Open connections from one client address (an IPv6 client's /64). */
  maxConnectionsPerAddress: number;
}

/**
 * Reads the variables above (serverVariables.ts says their bounds and defaults); each problem is
 * pushed as one line naming the variable. Timeouts are never off: the server terminates client
 * connections itself.
 */
export function readConnectionLimits(reader: ServerReader, problems: string[]): ConnectionLimits {
  const limits: ConnectionLimits = {
    headersTimeoutMs: reader.value('HEADERS_TIMEOUT_SECONDS'),
    requestTimeoutMs: reader.value('REQUEST_TIMEOUT_SECONDS'),
    keepAliveTimeoutMs: reader.value('KEEP_ALIVE_TIMEOUT_SECONDS'),
    connectionTimeoutMs: reader.value('CONNECTION_TIMEOUT_SECONDS'),
    maxConnections: reader.value('MAX_CONNECTIONS'),
    // Behind a trusted proxy (TRUST_PROXY) every socket's peer is the proxy: a per-address cap
    // there would throttle all users behind it together, so it is off unless set explicitly.
    maxConnectionsPerAddress: count.parse(
      'MAX_CONNECTIONS_PER_ADDRESS',
      reader.text('MAX_CONNECTIONS_PER_ADDRESS', reader.isSet('TRUST_PROXY') ? '0' : undefined),
      problems,
    ),
  };
  // Node measures both from the start of the request; a longer headers timeout would never apply.
  if (limits.headersTimeoutMs > limits.requestTimeoutMs) {
    problems.push(
      `HEADERS_TIMEOUT_SECONDS must not exceed REQUEST_TIMEOUT_SECONDS (got ${limits.headersTimeoutMs / 1000} and ${limits.requestTimeoutMs / 1000}).`,
    );
  }
  return limits;
}

/** The defaults of ConnectionLimits, for configurations built in code. */
export const DEFAULT_CONNECTION_LIMITS: ConnectionLimits = readConnectionLimits(
  tableReader(SERVER_VARIABLES, {}, []),
  [],
);

/** Statuses the middle tier answers without reading the request body. */
export const EARLY_REFUSAL_STATUSES: ReadonlySet<number> = new Set([401, 413, 415, 429]);

/** Why a connection was refused at the socket, as counted in logs. */
export type ConnectionRefusal = 'tooManyConnections' | 'tooManyConnectionsFromAddress';

/**
 * Options of Node's https.createServer (given to fastify as `https`); http.createServer takes the
 * same ones (and ignores the TLS handshake timeout) when a proxy terminates TLS.
 */
export function serverTimeouts(limits: ConnectionLimits): {
  headersTimeout: number;
  handshakeTimeout: number;
  connectionsCheckingInterval: number;
} {
  return {
    headersTimeout: limits.headersTimeoutMs,
    handshakeTimeout: limits.headersTimeoutMs,
    // Node's default (30 s) would let a 10 s timeout run to 40 s.
    connectionsCheckingInterval: Math.min(1000, Math.max(100, Math.floor(limits.headersTimeoutMs / 4))),
  };
}

/**
 * The timeouts Fastify would set on a server it created itself. With `serverFactory` (HTTPS or
 * plain HTTP, chosen at start) Fastify leaves them to us, so the factory applies them here.
 * https://fastify.dev/docs/latest/Reference/Server/#serverfactory
 */
export function applyServerTimeouts(server: NodeServer, limits: ConnectionLimits): NodeServer {
  server.keepAliveTimeout = limits.keepAliveTimeoutMs;
  server.requestTimeout = limits.requestTimeoutMs;
  server.setTimeout(limits.connectionTimeoutMs);
  return server;
}

/**
 * The key a connection is counted under: an IPv4 address (also when IPv4-mapped), or the /64
 * prefix of an IPv6 address.
 */
export function addressKey(address: string | undefined): string {
  if (address === undefined || address === '') return 'unknown';
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped?.[1] !== undefined) return mapped[1];
  if (!isIPv6(address)) return address;
  return `${ipv6Groups(address).slice(0, 4).join(':')}::/64`;
}

/** The eight 16-bit groups of an IPv6 address, in hex without leading zeros. */
function ipv6Groups(address: string): string[] {
  const bare = (address.split('%')[0] ?? '').toLowerCase();
  const [head = '', tail] = bare.split('::');
  const part = (text: string | undefined): string[] => (text === undefined || text === '' ? [] : text.split(':'));
  // A trailing dotted IPv4 part stands for two groups.
  const width = (groups: string[]): number => groups.reduce((n, g) => n + (g.includes('.') ? 2 : 1), 0);
  const left = part(head);
  const right = part(tail);
  const zeros = tail === undefined ? [] : Array<string>(8 - width(left) - width(right)).fill('0');
  return [...left, ...zeros, ...right].map((g) => (g.includes('.') ? g : g.replace(/^0+(?=.)/, '')));
}

/** `Connection: close` on early refusals. Install on the root instance before routes are registered. */
export function closeAfterEarlyRefusals(app: FastifyInstance): void {
  app.addHook('onSend', async (_request, reply) => {
    if (EARLY_REFUSAL_STATUSES.has(reply.statusCode)) reply.header('connection', 'close');
  });
}
