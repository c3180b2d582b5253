import net from 'node:net';

/** How long a client may wait for the one connection before it is turned away. */
const MAX_WAIT_MS = 5_000;

/** A loopback listener that lets one client at a time through to the embedded server and makes the
 * others wait their turn. pglite-socket refuses a connection while it still counts the last one, and
 * a client that closes and at once reconnects (a pool replacing its connection, a migration
 * connection followed by the service's pool) is often faster than that close reaching the server:
 * the new connection was refused. Here it waits until the server reports no connection, then goes
 * through. A client still waiting after MAX_WAIT_MS (a second pool, a psql beside the service) is
 * closed, as the server itself would refuse it. */
export async function startOneAtATimeGate(upstream: { host: string; port: number }, serverIsFree: () => boolean): Promise<{ port: number; close(): Promise<void> }> {
  const waiting: net.Socket[] = [];
  const open = new Set<net.Socket>();
  let busy = false;

  const next = (): void => {
    if (busy) return;
    while (waiting[0]?.destroyed) waiting.shift();
    const client = waiting[0];
    if (!client) return;
    if (!serverIsFree()) {
      setTimeout(next, 5);
      return;
    }
    waiting.shift();
    busy = true;
    const server = net.connect(upstream);
    const end = () => {
      client.destroy();
      server.destroy();
    };
    client.on('error', end).once('close', end);
    server.on('error', end).once('close', () => {
      end();
      busy = false;
      next();
    });
    client.pipe(server).pipe(client);
  };

  const gate = net.createServer((socket) => {
    socket.setNoDelay(true);
    open.add(socket);
    socket.once('close', () => open.delete(socket));
    socket.on('error', () => socket.destroy());
    waiting.push(socket);
    // Still waiting then: turned away (a destroyed socket is skipped when its turn comes).
    setTimeout(() => waiting.includes(socket) && socket.destroy(), MAX_WAIT_MS).unref();
    next();
  });
  await new Promise<void>((resolve, reject) => gate.once('error', reject).listen(0, '127.0.0.1', resolve));
  return {
    port: (gate.address() as net.AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        waiting.length = 0;
        for (const socket of open) socket.destroy();
        gate.close(() => resolve());
      }),
  };
}
