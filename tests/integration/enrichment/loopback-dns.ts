import { createSocket, type Socket } from 'node:dgram';
import dnsPacket from 'dns-packet';
import { reverseName as ptrName } from '../../../lib/sources/enrichment/ip-number';

/**
 * An authoritative DNS server on loopback UDP for enrichment tests: PTR, A, AAAA, TXT and CNAME
 * records from a map the test fills; unknown names answer NXDOMAIN, known names without the
 * asked type answer NODATA, and names in `silent` get no answer at all (a timeout).
 */
export interface TLoopbackDns {
  address: string;
  add(type: 'PTR' | 'A' | 'AAAA' | 'TXT' | 'CNAME', name: string, ...values: string[]): void;
  silent: Set<string>;
  /** Questions received, as "TYPE name". */
  queries: string[];
  close(): Promise<void>;
}

/** The in-addr.arpa / ip6.arpa name of an address. */
export function reverseName(ip: string): string {
  const name = ptrName(ip);
  if (!name) throw new Error(`not an address: ${ip}`);
  return name;
}

export async function startLoopbackDns(): Promise<TLoopbackDns> {
  const records = new Map<string, { type: string; values: string[] }[]>();
  const silent = new Set<string>();
  const queries: string[] = [];
  const socket: Socket = createSocket('udp4');
  socket.on('message', (message, remote) => {
    let query: dnsPacket.DecodedPacket;
    try {
      query = dnsPacket.decode(message);
    } catch {
      return;
    }
    const question = query.questions?.[0];
    if (!question) return;
    const name = question.name.toLowerCase().replace(/\.$/, '');
    queries.push(`${question.type} ${name}`);
    if (silent.has(name)) return;
    const entries = records.get(name);
    const answers = (entries ?? [])
      .filter((e) => e.type === question.type)
      .flatMap((e) =>
        e.values.map((value) => {
          if (e.type === 'TXT') return { type: 'TXT' as const, name: question.name, ttl: 5, data: [value] };
          return { type: e.type as 'PTR' | 'A' | 'AAAA' | 'CNAME', name: question.name, ttl: 5, data: value };
        }),
      );
    const response = dnsPacket.encode({
      type: 'response',
      id: query.id,
      flags: dnsPacket.AUTHORITATIVE_ANSWER | (entries ? 0 : 3), // rcode 3: NXDOMAIN
      questions: query.questions,
      answers,
    });
    socket.send(response, remote.port, remote.address);
  });
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  const { port } = socket.address();
  return {
    address: `127.0.0.1:${port}`,
    add(type, name, ...values) {
      const key = name.toLowerCase().replace(/\.$/, '');
      const list = records.get(key) ?? [];
      list.push({ type, values });
      records.set(key, list);
    },
    silent,
    queries,
    close: () => new Promise((resolve) => socket.close(() => resolve())),
  };
}
