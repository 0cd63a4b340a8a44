import { createSocket, type Socket } from 'node:dgram';
import dnsPacket from 'dns-packet';

/**
 * A tiny authoritative DNS server on loopback UDP answering TXT queries from a map the test
 * edits (name → strings); everything else is NXDOMAIN. Point ATLAS_DNS_SERVERS at `address`.
 */
export interface TTxtDnsServer {
  address: string;
  records: Map<string, string[]>;
  close(): Promise<void>;
}

export async function startTxtDnsServer(): Promise<TTxtDnsServer> {
  const records = new Map<string, string[]>();
  const socket: Socket = createSocket('udp4');
  socket.on('message', (message, remote) => {
    let query: dnsPacket.Packet;
    try {
      query = dnsPacket.decode(message);
    } catch {
      return;
    }
    const question = query.questions?.[0];
    const name = question?.name.toLowerCase().replace(/\.$/, '') ?? '';
    const values = question?.type === 'TXT' ? records.get(name) : undefined;
    const known = [...records.keys()].some((k) => k === name);
    const response = dnsPacket.encode({
      type: 'response',
      id: query.id,
      flags: dnsPacket.AUTHORITATIVE_ANSWER | (known ? 0 : 3), // rcode 3 = NXDOMAIN
      questions: query.questions,
      answers: (values ?? []).map((value) => ({ type: 'TXT' as const, name: question!.name, ttl: 5, data: [value] })),
    });
    socket.send(response, remote.port, remote.address);
  });
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  const { port } = socket.address();
  return {
    address: `127.0.0.1:${port}`,
    records,
    close: () => new Promise((resolve) => socket.close(() => resolve())),
  };
}
