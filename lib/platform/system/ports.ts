import net from 'node:net';

/** Listens on the port for a moment: the port it got (0 asks for any free one), or null. */
function probe(port: number, hostname: string): Promise<number | null> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(null));
    server.listen(port, hostname, () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : null));
    });
  });
}

export async function portIsFree(port: number, hostname = '127.0.0.1'): Promise<boolean> {
  return (await probe(port, hostname)) !== null;
}

/** `preferred` when it is free, otherwise any free port on 127.0.0.1. */
export async function freePort(preferred = 0): Promise<number> {
  const port = (preferred ? await probe(preferred, '127.0.0.1') : null) ?? (await probe(0, '127.0.0.1'));
  if (!port) throw new Error('No free TCP port on 127.0.0.1.');
  return port;
}
