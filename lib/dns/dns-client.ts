import { classifyDnsError, type TResolver } from '@/lib/platform/dns';
import { finding, type TFinding } from './finding';

/**
 * What one query found. `nxdomain`/`nodata` are definite absences; `failed` (SERVFAIL,
 * timeout, refused, over budget) means nothing is known — never report that as "no record".
 */
export type TLookup<T> = { status: 'ok'; data: T } | { status: 'nxdomain' | 'nodata' } | { status: 'failed'; message: string };

export interface TDnsLimits {
  /** Queries one check may send in total (hostile zones can fan out without end). */
  maxQueries: number;
  /** Bytes of one TXT record (its strings joined); longer records are ignored. */
  maxTxtBytes: number;
  /** TXT records per name considered; the rest are ignored. */
  maxTxtRecords: number;
}

export const DEFAULT_DNS_LIMITS: TDnsLimits = { maxQueries: 400, maxTxtBytes: 4096, maxTxtRecords: 50 };

type TQueryType = 'TXT' | 'A' | 'AAAA' | 'MX' | 'CNAME';

/**
 * The resolver as one check sees it: each (type, name) asked once (SPF trees name the same
 * host many times), a total query budget, bounded TXT answers, and DNS errors turned into
 * results. Bound events are kept as findings for the check's report.
 */
export class DnsClient {
  readonly limits: TDnsLimits;
  readonly findings: TFinding[] = [];
  private sent = 0;
  private readonly cache = new Map<string, Promise<TLookup<unknown>>>();

  constructor(
    private readonly resolver: TResolver,
    limits: Partial<TDnsLimits> = {},
  ) {
    this.limits = { ...DEFAULT_DNS_LIMITS, ...limits };
  }

  get queries(): number {
    return this.sent;
  }

  txt(name: string): Promise<TLookup<string[]>> {
    return this.query('TXT', name, async (n) => this.boundTxt(n, await this.resolver.resolveTxt(n)));
  }

  a(name: string): Promise<TLookup<string[]>> {
    return this.query('A', name, (n) => this.resolver.resolve4(n));
  }

  aaaa(name: string): Promise<TLookup<string[]>> {
    return this.query('AAAA', name, (n) => this.resolver.resolve6(n));
  }

  mx(name: string): Promise<TLookup<{ exchange: string; priority: number }[]>> {
    return this.query('MX', name, (n) => this.resolver.resolveMx(n));
  }

  cname(name: string): Promise<TLookup<string[]>> {
    return this.query('CNAME', name, (n) => this.resolver.resolveCname(n));
  }

  private boundTxt(name: string, records: string[][]): string[] {
    const joined = records.map((chunks) => chunks.join(''));
    const kept = joined.slice(0, this.limits.maxTxtRecords).filter((r) => r.length <= this.limits.maxTxtBytes);
    if (kept.length < joined.length) {
      this.findings.push(
        finding(
          'dns.oversized',
          `${name}: ${joined.length - kept.length} TXT record(s) ignored (over ${this.limits.maxTxtBytes} bytes each or ${this.limits.maxTxtRecords} records).`,
          'Remove stale or oversized TXT records from this name.',
        ),
      );
    }
    return kept;
  }

  private query<T>(type: TQueryType, rawName: string, run: (name: string) => Promise<T>): Promise<TLookup<T>> {
    const name = rawName.toLowerCase().replace(/\.+$/, '');
    const cacheKey = `${type} ${name}`;
    const cached = this.cache.get(cacheKey);
    if (cached) return cached as Promise<TLookup<T>>;
    const result = this.send(type, name, run);
    this.cache.set(cacheKey, result);
    return result;
  }

  private async send<T>(type: TQueryType, name: string, run: (name: string) => Promise<T>): Promise<TLookup<T>> {
    if (this.sent >= this.limits.maxQueries) {
      if (!this.findings.some((f) => f.code === 'dns.query_budget')) {
        this.findings.push(finding('dns.query_budget', `Stopped after ${this.limits.maxQueries} DNS queries; later lookups were not made.`, 'Simplify the records (fewer includes and selectors), then check again.'));
      }
      return { status: 'failed', message: `${type} ${name}: not queried (query budget of ${this.limits.maxQueries} used up)` };
    }
    this.sent += 1;
    try {
      return { status: 'ok', data: await run(name) };
    } catch (error) {
      const failure = classifyDnsError(error);
      if (failure.status === 'nxdomain' || failure.status === 'nodata') return { status: failure.status };
      return { status: 'failed', message: `${type} ${name}: ${failure.message}` };
    }
  }
}
