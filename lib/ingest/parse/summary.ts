import { ipv4ToNumber } from '@/lib/platform/net';
import type { TRecord, TReport, TReportHeader } from './schema';

/**
 * The figures of one report as `atlas parse --json` prints them and corpus/manifest.json
 * states them. Sums are bigint inside (counts are 64-bit); `toJsonNumber` turns them into
 * numbers whenever that is exact.
 */
export interface ReportFigures {
  org_name: string | null;
  report_id: string;
  begin: number;
  end: number;
  domain: string;
  p: string | null;
  sp: string | null;
  pct: string | null;
  records: number;
  messages: number | bigint;
  dmarc_pass: number | bigint;
  dkim_aligned_pass: number | bigint;
  spf_aligned_pass: number | bigint;
  source_ips: number;
  namespace: string | null;
  version: string | null;
}

/**
 * Accumulates the record figures one record at a time, so the streaming path can summarise
 * a report of millions of records without keeping them; the whole-document path uses it too.
 */
export class SummaryAccumulator {
  private records = 0;
  private messages = 0n;
  private dmarcPass = 0n;
  private dkimPass = 0n;
  private spfPass = 0n;
  /**
   * Distinct source IPs. IPv4 addresses are collected as 32-bit numbers and deduplicated by
   * sorting at the end: a Set of hundreds of thousands of addresses cost more than the rest
   * of the accumulator, and a Set of strings would also keep alive the 1 MB input chunks the
   * streaming parser's strings are sliced from. Other addresses (IPv6, invalid) are copied.
   */
  private ipv4 = new Uint32Array(1024);
  private ipv4Length = 0;
  private readonly otherIps = new Set<string>();

  add(r: TRecord): void {
    this.records++;
    const c = r.count;
    this.messages += c;
    // policy_dkim/policy_spf are already trimmed and lower-cased by the normaliser.
    const dkim = r.policy_dkim === 'pass';
    const spf = r.policy_spf === 'pass';
    if (dkim) this.dkimPass += c;
    if (spf) this.spfPass += c;
    if (dkim || spf) this.dmarcPass += c;
    const ip = r.source_ip;
    if (r.source_ip_valid && ip.indexOf(':') === -1) this.addIpv4(ipv4ToNumber(ip));
    else if (ip !== '' && !this.otherIps.has(ip)) this.otherIps.add(Buffer.from(ip, 'utf8').toString('utf8'));
  }

  private addIpv4(n: number): void {
    if (this.ipv4Length === this.ipv4.length) {
      const grown = new Uint32Array(this.ipv4.length * 2);
      grown.set(this.ipv4);
      this.ipv4 = grown;
    }
    this.ipv4[this.ipv4Length++] = n;
  }

  private distinctIps(): number {
    const v4 = this.ipv4.subarray(0, this.ipv4Length).sort();
    let distinct = v4.length > 0 ? 1 : 0;
    for (let i = 1; i < v4.length; i++) if (v4[i] !== v4[i - 1]) distinct++;
    return distinct + this.otherIps.size;
  }

  figures(header: TReportHeader): ReportFigures {
    const m = header.metadata;
    const p = header.policy_published;
    return {
      org_name: m.org_name,
      report_id: m.report_id,
      begin: m.begin,
      end: m.end,
      domain: p.domain,
      p: p.p,
      sp: p.sp,
      pct: p.pct,
      records: this.records,
      messages: toJsonNumber(this.messages),
      dmarc_pass: toJsonNumber(this.dmarcPass),
      dkim_aligned_pass: toJsonNumber(this.dkimPass),
      spf_aligned_pass: toJsonNumber(this.spfPass),
      source_ips: this.distinctIps(),
      namespace: header.namespace,
      version: header.version,
    };
  }
}

export function summarise(report: TReport): ReportFigures {
  const acc = new SummaryAccumulator();
  for (const r of report.records) acc.add(r);
  return acc.figures(report);
}

export function toJsonNumber(n: bigint): number | bigint {
  return n <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(n) : n;
}

/** JSON.stringify that writes bigints as plain JSON integers (exact, unlike a float). */
export function stringifyWithBigInt(value: unknown, indent?: number): string {
  const marker = '__atlas_bigint__:';
  const json = JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? `${marker}${v}` : v), indent);
  return json.replace(new RegExp(`"${marker}(\\d+)"`, 'g'), '$1');
}
