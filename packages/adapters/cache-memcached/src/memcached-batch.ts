import type { Socket } from 'node:net';
import type memjs from 'memjs';

/**
 * Runs `issue`, which makes memcached requests without awaiting between them, so that the requests
 * bound for one server leave in one socket write instead of one write (a system call) each, and
 * returns what `issue` returned. memjs writes every request as it is made and offers no batch; its
 * servers keep their connected socket in the internal `_socket` field (memjs 1.3), which is corked
 * for the duration of `issue`. A server not connected yet queues its requests until it is, and a
 * memjs without that field sends them one by one: only the batching is lost, never a request.
 */
export function inOneWrite<T>(client: memjs.Client, issue: () => T): T {
  const sockets: Socket[] = [];
  for (const server of client.servers) {
    const socket = (server as unknown as { _socket?: Partial<Socket> })._socket;
    if (typeof socket?.cork === 'function' && typeof socket.uncork === 'function') {
      (socket as Socket).cork();
      sockets.push(socket as Socket);
    }
  }
  try {
    return issue();
  } finally {
    for (const socket of sockets) socket.uncork();
  }
}
