// A TCP listener on every address of this machine that counts the connections it accepts: the proof that
// a request never left. `others()` connects once itself and resolves when that connection is accepted,
// with the count of every other one: a connection opened before it has been accepted by then.
import * as net from 'node:net';
import * as os from 'node:os';

export interface CountingListener {
  /** An http:// URL of this listener at an address of this machine that is not loopback. */
  url: string;
  others(): Promise<number>;
  close(): Promise<void>;
}

export async function countingListener(): Promise<CountingListener> {
  let accepted = 0;
  let onAccept: (() => void) | undefined;
  const server = net.createServer((socket) => {
    accepted++;
    socket.destroy();
    onAccept?.();
  });
  await new Promise<void>((resolve) => server.listen(0, '0.0.0.0', resolve));
  const { port } = server.address() as net.AddressInfo;
  // 192.0.2.1 (a documentation address) on a machine with no other: nothing can connect there at all.
  const address = Object.values(os.networkInterfaces()).flat().find((a) => a && a.family === 'IPv4' && !a.internal)?.address ?? '192.0.2.1';
  return {
    url: `http://${address}:${port}`,
    others: async () => {
      const before = accepted;
      const own = new Promise<void>((resolve) => (onAccept = () => accepted > before && resolve()));
      net.connect(port, '127.0.0.1').on('error', () => undefined).end();
      await own;
      return accepted - 1;
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
