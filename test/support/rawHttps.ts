/**
 * Sends bytes exactly as given over TLS and reads the answer: for requests an HTTP client
 * refuses to produce (CR/LF inside header values, duplicate headers, oversized header blocks,
 * conflicting lengths). The request should ask for `Connection: close`; the server closes
 * anyway after a parser error.
 */
import { connect as netConnect } from 'node:net';
import { connect } from 'node:tls';

export interface RawAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export function sendRaw(origin: string, ca: string, bytes: string | Buffer, timeoutMs = 5000): Promise<RawAnswer> {
  const url = new URL(origin);
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    const socket = connect(
      {
        host: url.hostname,
        port: Number(url.port),
        ca,
        servername: url.hostname === '127.0.0.1' ? 'localhost' : url.hostname,
      },
      () => {
        socket.write(bytes);
      },
    );
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`no answer within ${timeoutMs} ms`));
    }, timeoutMs);
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    // The server may reset after answering; what arrived before counts.
    socket.on('error', () => undefined);
    socket.on('close', () => {
      clearTimeout(timer);
      const text = Buffer.concat(chunks).toString('utf8');
      const split = text.indexOf('\r\n\r\n');
      if (split < 0) {
        reject(new Error(`no HTTP answer: ${JSON.stringify(text.slice(0, 200))}`));
        return;
      }
      const [statusLine = '', ...lines] = text.slice(0, split).split('\r\n');
      const headers: Record<string, string> = {};
      for (const line of lines) {
        const colon = line.indexOf(':');
        if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
      }
      let body = text.slice(split + 4);
      if (headers['transfer-encoding'] === 'chunked') body = dechunk(body);
      resolve({ status: Number(statusLine.split(' ')[1]), headers, body });
    });
  });
}

function dechunk(text: string): string {
  let out = '';
  let rest = text;
  for (;;) {
    const lineEnd = rest.indexOf('\r\n');
    if (lineEnd < 0) return out;
    const size = parseInt(rest.slice(0, lineEnd), 16);
    if (!Number.isFinite(size) || size === 0) return out;
    out += rest.slice(lineEnd + 2, lineEnd + 2 + size);
    rest = rest.slice(lineEnd + 2 + size + 2);
  }
}

export interface RawConnection {
  /** Resolves once the TLS handshake is done; rejects when the server closed the connection first. */
  ready: Promise<void>;
  write(bytes: string | Buffer): void;
  /** Everything the server sent so far, as text. */
  received(): string;
  /** True once the server (or the network) closed the connection. */
  isClosed(): boolean;
  /** Resolves when the connection closes; rejects after `withinMs` if it is still open then. */
  closedWithin(withinMs: number): Promise<void>;
  destroy(): void;
}

/**
 * A TLS connection kept open for a test to drive by hand: send part of a request, then nothing,
 * and see when the server gives up. `localAddress` picks the client address (any 127.x.y.z works
 * on loopback), to test per-address limits.
 */
export function openRawTls(origin: string, ca: string, options: { localAddress?: string } = {}): RawConnection {
  const url = new URL(origin);
  const chunks: Buffer[] = [];
  let closed = false;
  const tcp = netConnect({ host: url.hostname, port: Number(url.port), localAddress: options.localAddress });
  tcp.on('error', () => undefined);
  const socket = connect({ socket: tcp, ca, servername: url.hostname === '127.0.0.1' ? 'localhost' : url.hostname });
  socket.on('data', (chunk: Buffer) => chunks.push(chunk));
  socket.on('error', () => undefined);
  const done = new Promise<void>((resolve) => socket.once('close', () => ((closed = true), resolve())));
  const ready = new Promise<void>((resolve, reject) => {
    socket.once('secureConnect', () => resolve());
    socket.once('close', () => reject(new Error('the server closed the connection before the TLS handshake finished')));
  });
  ready.catch(() => undefined);
  return {
    ready,
    write: (bytes) => void socket.write(bytes),
    received: () => Buffer.concat(chunks).toString('utf8'),
    isClosed: () => closed,
    closedWithin: (withinMs) =>
      new Promise<void>((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`the connection was still open after ${withinMs} ms`)),
          withinMs,
        );
        void done.then(() => {
          clearTimeout(timer);
          resolve();
        });
      }),
    destroy: () => socket.destroy(),
  };
}
