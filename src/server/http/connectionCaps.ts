/**
 * The connection caps (connectionLimits.ts), applied fairly. Each TCP socket is counted as it
 * arrives, before the TLS handshake, under its client address key and its address group (an IPv4
 * /24, an IPv6 /48: what one network commonly holds).
 *
 * - An address at its own cap (`maxConnectionsPerAddress`) is refused.
 * - At the total cap (`maxConnections`), an idle connection makes room instead of the newcomer
 *   being refused: one with no request in flight (a keep-alive connection between requests, or
 *   one that has not sent a request yet), taken from the group holding the most connections, then
 *   from that group's busiest address, longest idle first. So a few addresses that fill the cap
 *   with idle keep-alive connections lose their oldest ones to every newcomer, and a newcomer's
 *   fresh connection is the last of its group to go. Only when every connection is busy is the
 *   newcomer refused. Closing an idle keep-alive connection is what HTTP/1.1 allows any server to
 *   do; clients open a new one (RFC 9112, section 9.5: https://www.rfc-editor.org/rfc/rfc9112#section-9.5).
 */
import type { Server, Socket } from 'node:net';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { addressKey, type ConnectionLimits, type ConnectionRefusal } from './connectionLimits';

export interface ConnectionCounter {
  /** Open connections now, in all and for one address key. */
  open(): number;
  openFrom(key: string): number;
}

/** What the caps did to a connection, as counted in logs. */
export type ConnectionEvent = ConnectionRefusal | 'idleConnectionClosed';

interface Tracked {
  socket: Socket;
  key: string;
  group: string;
  /** Requests in flight on it (HTTP/1.1 pipelining may queue several). */
  busy: number;
  /** When it last became idle (or connected). */
  idleSince: number;
  /** Set once it was chosen to make room: no longer counted. */
  evicted: boolean;
}

/** The group an address key belongs to: its IPv4 /24 or IPv6 /48. */
export function addressGroup(key: string): string {
  const v4 = /^(\d+\.\d+\.\d+)\.\d+$/.exec(key);
  if (v4?.[1] !== undefined) return `${v4[1]}.0/24`;
  if (key.endsWith('::/64')) return `${key.split(':').slice(0, 3).join(':')}::/48`;
  return key;
}

/** Counts per key, dropping keys that reach zero. */
class Tally {
  private readonly counts = new Map<string, number>();
  get(key: string): number {
    return this.counts.get(key) ?? 0;
  }
  add(key: string, delta: number): void {
    const next = this.get(key) + delta;
    if (next > 0) this.counts.set(key, next);
    else this.counts.delete(key);
  }
}

/**
 * Counts open connections, refuses those over a cap as they arrive (before TLS) and, at the total
 * cap, closes the fairest idle connection to make room. Install before the server listens;
 * `onEvent` hears of each refusal and each idle connection closed (for logs).
 */
export function capConnections(
  server: Server,
  limits: Pick<ConnectionLimits, 'maxConnections' | 'maxConnectionsPerAddress'>,
  onEvent: (event: ConnectionEvent, addressKey: string) => void,
  now: () => number = () => performance.now(),
): ConnectionCounter {
  let total = 0;
  const byAddress = new Tally();
  const byGroup = new Tally();
  // Keyed by the peer's address and port, which the TLS socket a request arrives on reports too.
  const byEndpoint = new Map<string, Tracked>();
  const endpointOf = (socket: Socket): string => `${socket.remoteAddress ?? ''}|${socket.remotePort ?? ''}`;

  const uncount = (tracked: Tracked): void => {
    total -= 1;
    byAddress.add(tracked.key, -1);
    byGroup.add(tracked.group, -1);
  };

  /** The idle connection to close for a newcomer, or undefined when every connection is busy. */
  const idleToClose = (): Tracked | undefined => {
    let best: Tracked | undefined;
    let bestRank: [number, number, number] = [-1, -1, 0];
    for (const tracked of byEndpoint.values()) {
      if (tracked.busy > 0 || tracked.evicted) continue;
      const rank: [number, number, number] = [
        byGroup.get(tracked.group),
        byAddress.get(tracked.key),
        -tracked.idleSince,
      ];
      if (
        rank[0] > bestRank[0] ||
        (rank[0] === bestRank[0] && (rank[1] > bestRank[1] || (rank[1] === bestRank[1] && rank[2] > bestRank[2])))
      ) {
        best = tracked;
        bestRank = rank;
      }
    }
    return best;
  };

  // First in line, so a refused socket is closed before the TLS layer starts on it.
  server.prependListener('connection', (socket: Socket) => {
    const key = addressKey(socket.remoteAddress);
    if (limits.maxConnectionsPerAddress > 0 && byAddress.get(key) >= limits.maxConnectionsPerAddress) {
      socket.destroy();
      onEvent('tooManyConnectionsFromAddress', key);
      return;
    }
    if (limits.maxConnections > 0 && total >= limits.maxConnections) {
      const victim = idleToClose();
      if (victim === undefined) {
        socket.destroy();
        onEvent('tooManyConnections', key);
        return;
      }
      // Counted as gone now: its close event may come later than the next newcomer.
      victim.evicted = true;
      uncount(victim);
      victim.socket.destroy();
      onEvent('idleConnectionClosed', victim.key);
    }
    const tracked: Tracked = { socket, key, group: addressGroup(key), busy: 0, idleSince: now(), evicted: false };
    const endpoint = endpointOf(socket);
    total += 1;
    byAddress.add(key, 1);
    byGroup.add(tracked.group, 1);
    byEndpoint.set(endpoint, tracked);
    socket.once('close', () => {
      if (byEndpoint.get(endpoint) === tracked) byEndpoint.delete(endpoint);
      if (!tracked.evicted) uncount(tracked);
    });
  });

  server.on('request', (request: IncomingMessage, response: ServerResponse) => {
    const tracked = byEndpoint.get(endpointOf(request.socket));
    if (tracked === undefined) return;
    tracked.busy += 1;
    response.once('close', () => {
      tracked.busy -= 1;
      if (tracked.busy === 0) tracked.idleSince = now();
    });
  });

  return { open: () => total, openFrom: (key) => byAddress.get(key) };
}
