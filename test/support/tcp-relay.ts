// A TCP relay to the test database on a port of its own: a test points a pool or a worker at it and
// makes the database "go away" (stop the relay, cut its connections) and "come back" (a new relay
// on the same port), as a Postgres restart does.
import net from 'node:net';

export interface Relay {
  server: net.Server;
  /** Each client connection and its connection to the database. */
  pairs: Set<{ socket: net.Socket; upstream: net.Socket }>;
}

export function relayTo(target: URL, port: number): Promise<Relay> {
  const pairs = new Set<{ socket: net.Socket; upstream: net.Socket }>();
  const server = net.createServer((socket) => {
    const upstream = net.connect(Number(target.port), target.hostname);
    pairs.add({ socket, upstream });
    socket.pipe(upstream).pipe(socket);
    socket.on('error', () => upstream.destroy());
    upstream.on('error', () => socket.destroy());
  });
  return new Promise((resolve) => server.listen(port, '127.0.0.1', () => resolve({ server, pairs })));
}
