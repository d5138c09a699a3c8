import { connect, createServer, type Socket } from 'node:net';

/** A TCP forwarder in this process that a test can switch off and on. */
export interface TcpProxy {
  /** The local port it listens on (127.0.0.1). */
  readonly port: number;
  /** Bytes clients sent through it so far: grows only while traffic uses it. */
  readonly forwardedBytes: number;
  /** Resets every open connection and, until `enable()`, every new one at once. */
  disable(): void;
  /** Forwards new connections again. */
  enable(): void;
  /** Disables, then stops listening. */
  close(): Promise<void>;
}

/** Starts a proxy on a free port of 127.0.0.1 that forwards to `target`. */
export async function startTcpProxy(target: { host: string; port: number }): Promise<TcpProxy> {
  const clients = new Set<Socket>();
  let enabled = true;
  let forwardedBytes = 0;
  const server = createServer((client) => {
    if (!enabled) {
      client.resetAndDestroy();
      return;
    }
    const upstream = connect(target);
    clients.add(client);
    client.on('close', () => clients.delete(client));
    for (const socket of [client, upstream]) socket.on('error', () => socket.destroy());
    client.on('data', (chunk: Buffer) => (forwardedBytes += chunk.length));
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
    client.pipe(upstream);
    upstream.pipe(client);
  });
  const port = await new Promise<number>((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      resolve(typeof address === 'object' && address !== null ? address.port : 0);
    });
  });
  const disable = () => {
    enabled = false;
    for (const client of clients) client.resetAndDestroy();
  };
  return {
    port,
    get forwardedBytes() {
      return forwardedBytes;
    },
    disable,
    enable: () => {
      enabled = true;
    },
    close: () => {
      disable();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
