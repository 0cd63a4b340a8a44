import net from 'node:net';

/**
 * A TCP proxy in front of the IMAP server that cuts connections on demand: `dropAfter(bytes)`
 * makes the next connections die once the server has sent that many bytes to the client — in
 * the middle of a FETCH, for a mailbox of report messages.
 */
export interface FlakyProxy {
  port: number;
  /**
   * Kills connections after a random number of server bytes in [min, max] until `count` have
   * been killed (a connection that ends by itself before its threshold does not count).
   */
  dropAfter(count: number, min: number, max: number): void;
  /** Connections killed so far. */
  readonly kills: number;
  /** Of those, killed while the client's last command was a FETCH. */
  readonly midFetchKills: number;
  /** Connections accepted so far. */
  readonly connections: number;
  /** Kills every open connection now. */
  killAll(): void;
  close(): Promise<void>;
}

export async function startFlakyProxy(targetPort: number, targetHost = '127.0.0.1'): Promise<FlakyProxy> {
  const open = new Set<net.Socket>();
  let remaining = 0;
  let range = { min: 0, max: 0 };
  let kills = 0;
  let midFetchKills = 0;
  let connections = 0;
  const server = net.createServer((client) => {
    connections++;
    const upstream = net.connect(targetPort, targetHost);
    open.add(client);
    open.add(upstream);
    const threshold = remaining > 0 ? range.min + Math.floor(Math.random() * (range.max - range.min + 1)) : Infinity;
    let sent = 0;
    let lastCommand = '';
    const kill = () => {
      client.destroy();
      upstream.destroy();
    };
    upstream.on('data', (chunk: Buffer) => {
      if (sent + chunk.length >= threshold && remaining > 0) {
        // Deliver part of the chunk, then cut: the client sees a truncated response.
        client.write(chunk.subarray(0, Math.max(0, threshold - sent)));
        sent = threshold;
        kills++;
        remaining--;
        if (/^\S+ (UID )?FETCH/i.test(lastCommand)) midFetchKills++;
        kill();
        return;
      }
      sent += chunk.length;
      client.write(chunk);
    });
    client.on('data', (chunk: Buffer) => {
      const line = chunk.toString('latin1').split('\r\n').find((l) => /^\S+ [A-Z]/.test(l));
      if (line) lastCommand = line;
      upstream.write(chunk);
    });
    for (const socket of [client, upstream]) {
      socket.on('error', kill);
      socket.on('close', () => {
        open.delete(socket);
        kill();
      });
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  return {
    port,
    dropAfter(count, min, max) {
      remaining = count;
      range = { min, max };
    },
    get kills() {
      return kills;
    },
    get midFetchKills() {
      return midFetchKills;
    },
    get connections() {
      return connections;
    },
    killAll() {
      for (const socket of open) socket.destroy();
    },
    close() {
      for (const socket of open) socket.destroy();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
