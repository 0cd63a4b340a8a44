import { createSocket, type RemoteInfo, type Socket } from 'node:dgram';
import { createServer, type Server, type Socket as TcpSocket } from 'node:net';
import dnsPacket from 'dns-packet';
import { reverseName as ptrName } from '../../lib/platform/net/ip-number';

/**
 * An authoritative DNS server on loopback (UDP and TCP on the same port, as resolvers expect)
 * serving a zone given as a plain object that the test may change at any time:
 *
 *   { 'example.com': { TXT: ['v=spf1 -all'], A: ['192.0.2.1'], MX: ['10 mx.example.com'] },
 *     'alias.example.com': { CNAME: 'example.com' },
 *     'broken.example': { servfail: true }, 'slow.example': { timeout: true } }
 *
 * - a name not in the zone answers NXDOMAIN, unless a name below it is (an empty
 *   non-terminal: NOERROR without answers, as real servers do);
 * - a name without the asked type answers NOERROR without answers (NODATA);
 * - CNAMEs are followed inside the zone (the chain is in the answer, like an authoritative
 *   server for both names); a CNAME query gets the CNAME itself;
 * - `servfail` answers SERVFAIL; `timeout` never answers;
 * - a TXT value given as an array is one record of several strings; strings over 255 bytes
 *   are split into several (DNS cannot carry them whole);
 * - answers larger than the client's UDP size come back truncated, then over TCP.
 * Point a resolver (or ATLAS_DNS_SERVERS) at `address`.
 */
export interface TZoneEntry {
  TXT?: (string | string[])[];
  A?: string[];
  AAAA?: string[];
  /** "priority exchange", e.g. "10 mx1.example.com". */
  MX?: string[];
  PTR?: string[];
  CNAME?: string;
  servfail?: boolean;
  timeout?: boolean;
}

export type TZone = Record<string, TZoneEntry>;

export interface TDnsZoneServer {
  address: string;
  zone: TZone;
  /** Questions received, as "TYPE name" (lower case). */
  queries: string[];
  close(): Promise<void>;
}

/** The in-addr.arpa / ip6.arpa name of an address, for PTR entries. */
export function reverseName(ip: string): string {
  const name = ptrName(ip);
  if (!name) throw new Error(`not an address: ${ip}`);
  return name;
}

const key = (name: string) => name.toLowerCase().replace(/\.$/, '');
const RCODE_SERVFAIL = 2;
const RCODE_NXDOMAIN = 3;

type TAnswer = dnsPacket.Answer;

function recordsOf(entry: TZoneEntry, type: string, name: string): TAnswer[] {
  const base = { name, ttl: 5, class: 'IN' as const };
  switch (type) {
    case 'TXT':
      // A DNS character-string holds 255 bytes: longer strings are split, as zone files must.
      return (entry.TXT ?? []).map((v) => ({ ...base, type: 'TXT' as const, data: (Array.isArray(v) ? v : [v]).flatMap((t) => t.match(/[^]{1,255}/g) ?? ['']) }));
    case 'A':
      return (entry.A ?? []).map((v) => ({ ...base, type: 'A' as const, data: v }));
    case 'AAAA':
      return (entry.AAAA ?? []).map((v) => ({ ...base, type: 'AAAA' as const, data: v }));
    case 'PTR':
      return (entry.PTR ?? []).map((v) => ({ ...base, type: 'PTR' as const, data: v }));
    case 'MX':
      return (entry.MX ?? []).map((v) => {
        const [priority, exchange] = v.trim().split(/\s+/);
        return { ...base, type: 'MX' as const, data: { preference: Number(priority), exchange } };
      });
    case 'CNAME':
      return entry.CNAME ? [{ ...base, type: 'CNAME' as const, data: entry.CNAME }] : [];
    default:
      return [];
  }
}

/** The response to a query, or null for "never answer". */
function answer(zone: TZone, query: dnsPacket.Packet): dnsPacket.Packet | null {
  const question = query.questions?.[0];
  const reply = (rcode: number, answers: TAnswer[] = []): dnsPacket.Packet => ({
    type: 'response',
    id: query.id,
    flags: dnsPacket.AUTHORITATIVE_ANSWER | rcode,
    questions: query.questions,
    answers,
  });
  if (!question) return reply(RCODE_SERVFAIL);
  const answers: TAnswer[] = [];
  let name = question.name;
  for (let hop = 0; hop < 8; hop += 1) {
    const entry = zone[key(name)];
    if (!entry) {
      if (answers.length) return reply(0, answers); // CNAME pointing out of the zone
      const below = Object.keys(zone).some((k) => k.endsWith(`.${key(name)}`));
      return reply(below ? 0 : RCODE_NXDOMAIN);
    }
    if (entry.timeout) return null;
    if (entry.servfail) return reply(RCODE_SERVFAIL);
    if (entry.CNAME && question.type !== 'CNAME') {
      answers.push(...recordsOf(entry, 'CNAME', name));
      name = entry.CNAME;
      continue;
    }
    return reply(0, [...answers, ...recordsOf(entry, question.type, name)]);
  }
  return reply(RCODE_SERVFAIL);
}

function udpLimit(query: dnsPacket.Packet): number {
  const opt = query.additionals?.find((a) => a.type === 'OPT') as { udpPayloadSize?: number } | undefined;
  return Math.max(512, opt?.udpPayloadSize ?? 512);
}

export async function startDnsZoneServer(zone: TZone = {}): Promise<TDnsZoneServer> {
  const queries: string[] = [];
  const handle = (message: Buffer): dnsPacket.Packet | null => {
    let query: dnsPacket.Packet;
    try {
      query = dnsPacket.decode(message);
    } catch {
      return null;
    }
    const q = query.questions?.[0];
    if (q) queries.push(`${q.type} ${key(q.name)}`);
    return answer(server.zone, query);
  };

  const onUdp = (udp: Socket) => (message: Buffer, remote: RemoteInfo) => {
    const response = handle(message);
    if (!response) return;
    let bytes = dnsPacket.encode(response);
    if (bytes.length > udpLimit(dnsPacket.decode(message))) {
      bytes = dnsPacket.encode({ ...response, answers: [], flags: (response.flags ?? 0) | dnsPacket.TRUNCATED_RESPONSE });
    }
    udp.send(bytes, remote.port, remote.address);
  };
  const sockets = new Set<TcpSocket>();
  const onTcp = (socket: TcpSocket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => socket.destroy());
    let buffered = Buffer.alloc(0);
    socket.on('data', (chunk: Buffer) => {
      buffered = Buffer.concat([buffered, chunk]);
      while (buffered.length >= 2 && buffered.length >= 2 + buffered.readUInt16BE(0)) {
        const length = buffered.readUInt16BE(0);
        const response = handle(buffered.subarray(2, 2 + length));
        buffered = buffered.subarray(2 + length);
        if (response) socket.write(dnsPacket.streamEncode(response));
      }
    });
  };

  // The OS picks the UDP port; TCP must get the same one, which another process may hold.
  let udp: Socket | null = null;
  let tcp: Server | null = null;
  for (let attempt = 0; attempt < 10 && !tcp; attempt += 1) {
    const u = createSocket('udp4');
    u.on('message', onUdp(u));
    await new Promise<void>((resolve) => u.bind(0, '127.0.0.1', resolve));
    const t = createServer(onTcp);
    const listening = await new Promise<boolean>((resolve) => {
      t.once('error', () => resolve(false));
      t.listen(u.address().port, '127.0.0.1', () => resolve(true));
    });
    if (listening) {
      udp = u;
      tcp = t;
    } else {
      await new Promise<void>((resolve) => u.close(() => resolve()));
    }
  }
  if (!udp || !tcp) throw new Error('dns-zone-server: no port free for both UDP and TCP');
  const port = udp.address().port;
  const [u, t] = [udp, tcp];

  const server: TDnsZoneServer = {
    address: `127.0.0.1:${port}`,
    zone,
    queries,
    close: async () => {
      for (const s of sockets) s.destroy();
      await Promise.all([new Promise<void>((resolve) => u.close(() => resolve())), new Promise<void>((resolve) => t.close(() => resolve()))]);
    },
  };
  return server;
}
