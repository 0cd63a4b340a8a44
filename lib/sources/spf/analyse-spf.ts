import { normaliseHost } from '@/lib/sources/enrichment/base-domain';
import { classifyDnsError, type TResolver } from '@/lib/platform/dns';
import { LOOKUP_TERMS, isSpfRecord, parseSpf } from './parse-spf';

export type TSpfStatus = 'ok' | 'none' | 'permerror' | 'temperror' | 'timeout';

export interface TSpfAnalysis {
  name: string;
  status: TSpfStatus;
  record: string | null;
  /** DNS-querying terms evaluated for this record, nested includes and redirect included. */
  lookups: number;
  /** Lookups that found no name or no SPF record (RFC 7208 section 4.6.4 allows two). */
  voidLookups: number;
  /** Every include:/redirect= target reached, recursively, lower case, in order. */
  includes: string[];
  errors: string[];
}

const MAX_DEPTH = 10;

async function fetchSpf(resolver: TResolver, name: string): Promise<{ status: TSpfStatus; record: string | null; error?: string; void?: boolean }> {
  let txt: string[][];
  try {
    txt = await resolver.resolveTxt(name);
  } catch (error) {
    const failure = classifyDnsError(error);
    if (failure.status === 'nxdomain' || failure.status === 'nodata') return { status: 'none', record: null, void: true };
    return { status: failure.status === 'timeout' ? 'timeout' : 'temperror', record: null, error: `${name}: ${failure.message}` };
  }
  const records = txt.map((chunks) => chunks.join('')).filter(isSpfRecord);
  if (records.length === 0) return { status: 'none', record: null, void: true };
  if (records.length > 1) return { status: 'permerror', record: records[0], error: `${name}: ${records.length} SPF records (there must be one)` };
  return { status: 'ok', record: records[0] };
}

/**
 * Fetches the SPF record of `name` and walks include:/redirect= to count DNS lookups the way
 * a receiver does. Every analysed name (the domain and each include) is returned in `all`,
 * so that callers can cache the includes too (the cost of adding one is 1 + its lookups).
 */
export async function analyseSpf(resolver: TResolver, name: string): Promise<{ result: TSpfAnalysis; all: TSpfAnalysis[] }> {
  const all = new Map<string, TSpfAnalysis>();

  async function walk(host: string, depth: number, stack: string[]): Promise<TSpfAnalysis> {
    const cached = all.get(host);
    if (cached) return cached;
    const fetched = await fetchSpf(resolver, host);
    const analysis: TSpfAnalysis = { name: host, status: fetched.status, record: fetched.record, lookups: 0, voidLookups: 0, includes: [], errors: fetched.error ? [fetched.error] : [] };
    if (fetched.status !== 'ok' || !fetched.record) {
      all.set(host, analysis);
      return analysis;
    }
    const parsed = parseSpf(fetched.record);
    analysis.errors.push(...parsed.errors.map((e) => `${host}: ${e}`));
    const hasAll = parsed.terms.some((t) => t.kind === 'mechanism' && t.name === 'all');
    for (const term of parsed.terms) {
      if (!LOOKUP_TERMS.has(term.name)) continue;
      // redirect= is ignored when the record has an "all" mechanism (section 6.1).
      if (term.kind === 'modifier' && (term.name !== 'redirect' || hasAll)) continue;
      analysis.lookups += 1;
      const target = term.kind === 'modifier' ? term.value : term.name === 'include' ? term.value : null;
      if (!target) continue;
      if (target.includes('%')) continue; // macros depend on the sender: cannot be followed here
      const child = normaliseHost(target);
      analysis.includes.push(child);
      if (stack.includes(child) || depth >= MAX_DEPTH) {
        analysis.errors.push(`${host}: include loop or nesting too deep at ${child}`);
        continue;
      }
      const sub = await walk(child, depth + 1, [...stack, child]);
      if (sub.status === 'none') {
        analysis.voidLookups += 1;
        if (term.name === 'include') analysis.errors.push(`${host}: include:${child} has no SPF record (permerror)`);
      }
      analysis.lookups += sub.lookups;
      analysis.voidLookups += sub.voidLookups;
      for (const inc of sub.includes) if (!analysis.includes.includes(inc)) analysis.includes.push(inc);
      if (sub.status === 'timeout' || sub.status === 'temperror') analysis.errors.push(...sub.errors);
    }
    if (analysis.lookups > 10) analysis.errors.push(`${host}: ${analysis.lookups} DNS lookups, over the limit of 10 (permerror at receivers)`);
    if (analysis.voidLookups > 2) analysis.errors.push(`${host}: ${analysis.voidLookups} void lookups, over the limit of 2`);
    all.set(host, analysis);
    return analysis;
  }

  const root = normaliseHost(name);
  const result = await walk(root, 0, [root]);
  return { result, all: [...all.values()] };
}
