import { createServer, type Server } from 'node:http';
import { connect, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { addressGroup, capConnections, type ConnectionEvent } from './connectionCaps';

describe('addressGroup', () => {
  it('groups IPv4 addresses by /24 and IPv6 /64 keys by /48', () => {
    expect(addressGroup('203.0.113.7')).toBe('203.0.113.0/24');
    expect(addressGroup('2001:db8:85a3:8d3::/64')).toBe('2001:db8:85a3::/48');
    expect(addressGroup('unknown')).toBe('unknown');
  });
});

describe('capConnections at the total cap', () => {
  let server: Server;
  let port = 0;
  const events: [ConnectionEvent, string][] = [];
  /** How to answer each /hang request in flight, by client address. */
  const release = new Map<string, () => void>();
  const sockets: Socket[] = [];

  beforeAll(async () => {
    // /hang answers only when released; anything else at once.
    server = createServer((request, response) => {
      if (request.url === '/hang') release.set(request.socket.remoteAddress ?? '', () => response.end('late'));
      else response.end('ok');
    });
    capConnections(
      server,
      { maxConnections: 2, maxConnectionsPerAddress: 0 },
      (event, key) => void events.push([event, key]),
    );
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(async () => {
    release.forEach((answer) => answer());
    release.clear();
    sockets.forEach((s) => s.destroy());
    await new Promise((resolve) => server.close(resolve));
  });

  /** Waits (bounded) until `done` holds: the machine may be loaded. */
  async function until(done: () => boolean): Promise<void> {
    const deadline = Date.now() + 10_000;
    while (!done()) {
      if (Date.now() > deadline) throw new Error('timed out waiting');
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }

  /** A connection from `localAddress` that sends `path` and resolves with what came back before it closed or within 1 s. */
  function ask(
    localAddress: string,
    path: string,
  ): { socket: Socket; answer: Promise<{ text: string; closed: boolean }> } {
    const socket = connect({ port, host: '127.0.0.1', localAddress });
    sockets.push(socket);
    socket.on('error', () => undefined);
    let text = '';
    socket.on('data', (chunk: Buffer) => (text += chunk.toString()));
    socket.on('connect', () => socket.write(`GET ${path} HTTP/1.1\r\nHost: x\r\n\r\n`));
    const answer = new Promise<{ text: string; closed: boolean }>((resolve) => {
      const timer = setTimeout(() => resolve({ text, closed: false }), 1000);
      socket.once('close', () => {
        clearTimeout(timer);
        resolve({ text, closed: true });
      });
    });
    return { socket, answer };
  }

  it('refuses a newcomer while every connection has a request in flight, and closes an idle one for it otherwise', async () => {
    const busyA = ask('127.0.0.31', '/hang');
    const busyB = ask('127.0.0.32', '/hang');
    await until(() => release.size === 2); // both requests are in flight on the server
    expect(await ask('127.0.0.33', '/').answer).toEqual({ text: '', closed: true });
    expect(events.at(-1)).toEqual(['tooManyConnections', '127.0.0.33']);

    // B's answer arrives; its keep-alive connection is idle now and makes room.
    let answered = false;
    busyB.socket.once('data', () => (answered = true));
    release.get('127.0.0.32')?.();
    await until(() => answered);
    const newcomer = await ask('127.0.0.33', '/').answer;
    expect(newcomer.text).toMatch(/^HTTP\/1\.1 200 /);
    expect(events.at(-1)).toEqual(['idleConnectionClosed', '127.0.0.32']);
    expect((await busyB.answer).closed).toBe(true);
    // A, still busy, was left alone.
    expect(busyA.socket.destroyed).toBe(false);
  });
});
