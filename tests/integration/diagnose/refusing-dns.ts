import { createSocket } from 'node:dgram';
import dnsPacket from 'dns-packet';

/** A DNS server on loopback that answers every question with rcode REFUSED (5). */
export async function startRefusingDns(): Promise<{ address: string; close(): Promise<void> }> {
  const socket = createSocket('udp4');
  socket.on('message', (message, remote) => {
    let query: dnsPacket.DecodedPacket;
    try {
      query = dnsPacket.decode(message);
    } catch {
      return;
    }
    const response = dnsPacket.encode({ type: 'response', id: query.id, flags: 5, questions: query.questions, answers: [] });
    socket.send(response, remote.port, remote.address);
  });
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  return { address: `127.0.0.1:${socket.address().port}`, close: () => new Promise((resolve) => socket.close(() => resolve())) };
}
