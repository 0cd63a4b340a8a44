import type { Writable } from 'node:stream';

/**
 * Realistic, deterministic DMARC aggregate reports for the benchmark, the demo data and
 * tests. The same options and seed always give the same bytes. Records come from a small
 * sending ecosystem like a real company's: its own servers, Google Workspace, Microsoft 365,
 * SES, SendGrid, Mailchimp, Salesforce (some of them unaligned), forwarders and mailing
 * lists (SPF broken, DKIM intact), and spoofers from random networks.
 */
export interface SyntheticOptions {
  records: number;
  seed?: number;
  orgName?: string;
  reporterEmail?: string;
  domain?: string;
  reportId?: string;
  /** Unix seconds; the range is `days` long. */
  begin?: number;
  days?: number;
  policy?: 'none' | 'quarantine' | 'reject';
  /** DMARCbis format (namespace, np, testing, discovery_method, no pct). */
  dmarcbis?: boolean;
  /** Share of records from IPv6 sources, 0..1. */
  ipv6Share?: number;
}

type Verdict = 'pass' | 'fail';

interface Sender {
  name: string;
  weight: number;
  ipv4: (r: Rng) => string;
  /** Absent: the sender uses IPv4 only (an IPv6 draw falls back to IPv4). */
  ipv6?: (r: Rng) => string;
  /** Chance that DKIM is aligned and passes / that SPF is aligned and passes. */
  dkim: number;
  spf: number;
  dkimDomain: (domain: string) => string;
  selector: string;
  envelopeFrom: (domain: string) => string;
  reason?: 'forwarded' | 'mailing_list';
  /** Typical messages per record (heavy-tailed around it). */
  volume: number;
}

/** mulberry32: tiny, fast and good enough for test data; Math.random cannot be seeded. */
class Rng {
  private s: number;

  constructor(seed: number) {
    this.s = seed >>> 0;
  }

  next(): number {
    let t = (this.s = (this.s + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  chance(p: number): boolean {
    return this.next() < p;
  }
}

/**
 * Address generators. Every generator draws exactly two numbers, so that moving a sender to
 * another range changes only the address text and not the rest of the record stream.
 */
const v4 = (blocks: readonly string[], hostFrom = 1, hosts = 254) => (r: Rng) => `${blocks[r.int(blocks.length)]}.${hostFrom + r.int(hosts)}`;
const v6 = (prefix: string, subnets = 0xffff, hosts = 0xfffe) => (r: Rng) => `${prefix}:${r.int(subnets).toString(16)}::${(1 + r.int(hosts)).toString(16)}`;
/** The /24 blocks `a.b.from` … `a.b.(from+count-1)`. */
const blocks24 = (ab: string, from: number, count: number) => Array.from({ length: count }, (_, i) => `${ab}.${from + i}`);

// Ranges checked against the offline ASN data (@ip-location-db/asn) and the sender catalogue,
// so that the demo's sender map names the services it is meant to show: the published sending
// ranges inside each network, not the whole /16 (209.85.0.0/17 is IBM Cloud, the rest of
// 167.89.0.0/16 or 198.2.0.0/16 belongs to other networks). Own servers use documentation space
// (TEST-NET-2, 2001:db8::/32), which no real network announces. Services whose IPv6 sending
// ranges are not listed here send over IPv4 only.
const SENDERS: Sender[] = [
  { name: 'own', weight: 10, ipv4: v4(['198.51.100'], 10, 16), ipv6: v6('2001:db8:10', 2, 8), dkim: 0.97, spf: 0.99, dkimDomain: (d) => d, selector: 'mail', envelopeFrom: (d) => d, volume: 40 },
  { name: 'google', weight: 30, ipv4: v4(blocks24('209.85', 128, 128)), ipv6: v6('2a00:1450:4864'), dkim: 0.98, spf: 0.95, dkimDomain: (d) => d, selector: 'google', envelopeFrom: (d) => d, volume: 25 },
  { name: 'microsoft', weight: 15, ipv4: v4(blocks24('40.107', 0, 256)), ipv6: v6('2a01:111:f400'), dkim: 0.9, spf: 0.93, dkimDomain: (d) => d, selector: 'selector1', envelopeFrom: (d) => d, volume: 20 },
  { name: 'ses', weight: 8, ipv4: v4(blocks24('54.240', 0, 64)), dkim: 0.85, spf: 0.05, dkimDomain: (d) => d, selector: 'ses1', envelopeFrom: () => 'amazonses.com', volume: 15 },
  { name: 'sendgrid', weight: 8, ipv4: v4(blocks24('167.89', 0, 128)), dkim: 0.6, spf: 0.6, dkimDomain: (d) => d, selector: 's1', envelopeFrom: (d) => `em123.${d}`, volume: 12 },
  { name: 'mailchimp', weight: 6, ipv4: v4(blocks24('198.2', 128, 64)), dkim: 0.1, spf: 0.02, dkimDomain: () => 'mcsv.net', selector: 'k1', envelopeFrom: () => 'mail.mcsv.net', volume: 30 },
  { name: 'salesforce', weight: 4, ipv4: v4([...blocks24('136.147', 128, 16), ...blocks24('136.147', 176, 16)]), dkim: 0.5, spf: 0.3, dkimDomain: (d) => d, selector: 'sf1', envelopeFrom: () => 'bounce.salesforce.com', volume: 6 },
  // Cloudflare Email Routing (104.30.0.0/19) forwarding to a mailbox elsewhere; SRS envelope.
  { name: 'forwarder', weight: 7, ipv4: v4(blocks24('104.30', 0, 32)), dkim: 0.75, spf: 0, dkimDomain: (d) => d, selector: 'google', envelopeFrom: () => 'srs.forwarder.example', reason: 'forwarded', volume: 2 },
  // A self-hosted list server at Hetzner.
  { name: 'list', weight: 3, ipv4: v4(blocks24('88.198', 0, 256)), ipv6: v6('2a01:4f8:c2c'), dkim: 0.3, spf: 0, dkimDomain: () => 'lists.community.example', selector: 'list', envelopeFrom: () => 'lists.community.example', reason: 'mailing_list', volume: 4 },
  { name: 'spoofer', weight: 9, ipv4: (r) => `${1 + r.int(223)}.${r.int(256)}.${r.int(256)}.${1 + r.int(254)}`, ipv6: v6('2a0e:97c0'), dkim: 0, spf: 0, dkimDomain: () => 'spoof.example', selector: 'x', envelopeFrom: () => 'spoof.example', volume: 1 },
];
const TOTAL_WEIGHT = SENDERS.reduce((s, x) => s + x.weight, 0);

function pickSender(r: Rng): Sender {
  let x = r.next() * TOTAL_WEIGHT;
  for (const s of SENDERS) {
    x -= s.weight;
    if (x < 0) return s;
  }
  return SENDERS[0];
}

const SUBDOMAINS = ['', '', '', '', 'mail.', 'news.', 'billing.', 'support.'];

function resolved(o: SyntheticOptions) {
  const seed = o.seed ?? 1;
  const begin = o.begin ?? 1_735_689_600; // 2025-01-01T00:00:00Z
  const days = o.days ?? 1;
  return {
    records: o.records,
    seed,
    orgName: o.orgName ?? 'google.com',
    reporterEmail: o.reporterEmail ?? 'noreply-dmarc-support@google.com',
    domain: o.domain ?? 'example.com',
    reportId: o.reportId ?? `synthetic-${seed}-${o.records}`,
    begin,
    end: begin + days * 86_400 - 1,
    policy: o.policy ?? 'none',
    dmarcbis: o.dmarcbis ?? false,
    ipv6Share: o.ipv6Share ?? 0.05,
  };
}

function headerXml(o: ReturnType<typeof resolved>): string {
  const ns = o.dmarcbis ? ' xmlns="urn:ietf:params:xml:ns:dmarc-2.0"' : '';
  const version = `  <version>${o.dmarcbis ? '2.0' : '1.0'}</version>\n`;
  const policyExtra = o.dmarcbis
    ? `    <np>${o.policy}</np>\n    <testing>n</testing>\n    <discovery_method>treewalk</discovery_method>\n`
    : '    <pct>100</pct>\n';
  const generator = o.dmarcbis ? '    <generator>DMARC Atlas synthetic 1.0</generator>\n' : '';
  return (
    `<?xml version="1.0" encoding="UTF-8" ?>\n<feedback${ns}>\n${version}` +
    `  <report_metadata>\n    <org_name>${o.orgName}</org_name>\n    <email>${o.reporterEmail}</email>\n` +
    `    <report_id>${o.reportId}</report_id>\n${generator}` +
    `    <date_range>\n      <begin>${o.begin}</begin>\n      <end>${o.end}</end>\n    </date_range>\n  </report_metadata>\n` +
    `  <policy_published>\n    <domain>${o.domain}</domain>\n    <adkim>r</adkim>\n    <aspf>r</aspf>\n` +
    `    <p>${o.policy}</p>\n    <sp>${o.policy}</sp>\n${policyExtra}    <fo>1</fo>\n  </policy_published>\n`
  );
}

/** `name` when it is the policy domain or under it (relaxed alignment), else `fallback`. */
function alignedOr(name: string, fallback: string, domain: string): string {
  return name === domain || name.endsWith(`.${domain}`) ? name : fallback;
}

function recordXml(r: Rng, o: ReturnType<typeof resolved>): string {
  const s = pickSender(r);
  const ip = r.chance(o.ipv6Share) && s.ipv6 ? s.ipv6(r) : s.ipv4(r);
  const count = 1 + Math.floor(s.volume * -Math.log(1 - r.next() * 0.999));
  const from = `${SUBDOMAINS[r.int(SUBDOMAINS.length)]}${o.domain}`;
  const dkimAligned: Verdict = r.chance(s.dkim) ? 'pass' : 'fail';
  const spfAligned: Verdict = r.chance(s.spf) ? 'pass' : 'fail';
  // An aligned pass needs an aligned identifier: the service signs with the customer's domain
  // (custom DKIM) or bounces through a subdomain of it (custom MAIL FROM) on those messages.
  const dkimDomain = dkimAligned === 'pass' ? alignedOr(s.dkimDomain(from), from, o.domain) : s.dkimDomain(from);
  const dmarcPass = dkimAligned === 'pass' || spfAligned === 'pass';
  const disposition = dmarcPass || o.policy === 'none' ? 'none' : o.policy;
  const reason = s.reason && !dmarcPass ? `        <reason>\n          <type>${s.reason}</type>\n        </reason>\n` : '';
  const dkimResult = dkimAligned === 'pass' ? 'pass' : r.chance(0.5) ? 'fail' : 'none';
  const dkimAuth =
    dkimResult === 'none' && r.chance(0.5)
      ? ''
      : `      <dkim>\n        <domain>${dkimDomain}</domain>\n        <selector>${s.selector}</selector>\n        <result>${dkimResult}</result>\n      </dkim>\n`;
  const spfDomain = spfAligned === 'pass' ? alignedOr(s.envelopeFrom(from), `bounce.${from}`, o.domain) : s.envelopeFrom(from);
  const spfResult = spfAligned === 'pass' ? 'pass' : (['fail', 'softfail', 'neutral', 'none'] as const)[r.int(4)];
  const envelope = r.chance(0.4) ? `      <envelope_from>${spfDomain}</envelope_from>\n` : '';
  return (
    `  <record>\n    <row>\n      <source_ip>${ip}</source_ip>\n      <count>${count}</count>\n` +
    `      <policy_evaluated>\n        <disposition>${disposition}</disposition>\n` +
    `        <dkim>${dkimAligned}</dkim>\n        <spf>${spfAligned}</spf>\n${reason}      </policy_evaluated>\n    </row>\n` +
    `    <identifiers>\n${envelope}      <header_from>${from}</header_from>\n    </identifiers>\n` +
    `    <auth_results>\n${dkimAuth}      <spf>\n        <domain>${spfDomain}</domain>\n        <scope>mfrom</scope>\n` +
    `        <result>${spfResult}</result>\n      </spf>\n    </auth_results>\n  </record>\n`
  );
}

/** The report in chunks of roughly `chunkChars` characters, for writing large reports to a stream. */
export function* syntheticReportChunks(opts: SyntheticOptions, chunkChars = 256 * 1024): Generator<string> {
  const o = resolved(opts);
  const r = new Rng(o.seed);
  let chunk = headerXml(o);
  for (let i = 0; i < o.records; i++) {
    chunk += recordXml(r, o);
    if (chunk.length >= chunkChars) {
      yield chunk;
      chunk = '';
    }
  }
  yield `${chunk}</feedback>\n`;
}

/** The whole report as UTF-8 bytes (use `writeSyntheticReport` for hundreds of MB). */
export function syntheticReportXml(opts: SyntheticOptions): Buffer {
  const parts: Buffer[] = [];
  for (const chunk of syntheticReportChunks(opts)) parts.push(Buffer.from(chunk, 'utf8'));
  return Buffer.concat(parts);
}

/** Writes the report to a stream (a file, a gzip stream), honouring backpressure. */
export async function writeSyntheticReport(out: Writable, opts: SyntheticOptions): Promise<void> {
  for (const chunk of syntheticReportChunks(opts)) {
    if (!out.write(chunk)) await new Promise<void>((resolve) => out.once('drain', resolve));
  }
}
