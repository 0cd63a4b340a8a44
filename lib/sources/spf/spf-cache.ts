import { prisma } from '@/lib/platform/db';
import { checkSpf, DnsClient, type TSpfNode } from '@/lib/dns';
import type { TResolver } from '@/lib/platform/dns';
import { normaliseDomain } from '@/lib/platform/net';

// The sender map's cache of SPF facts per name (the domain and every include it reaches), so
// that advice can say what an include costs without a DNS round trip. The evaluation is
// lib/dns's (the one SPF evaluator); this file only flattens its tree into rows.

export type TSpfStatus = 'ok' | 'none' | 'permerror' | 'temperror';

export interface TSpfAnalysis {
  name: string;
  status: TSpfStatus;
  record: string | null;
  /** DNS-querying terms evaluated for this record, nested includes and redirect included. */
  lookups: number;
  /** Lookups that found no name or no answer (RFC 7208 section 4.6.4 allows two). */
  voidLookups: number;
  /** Every include:/redirect= target reached, recursively, lower case, in order. */
  includes: string[];
  /** For the name checked: the messages of the SPF check's errors and warnings. */
  errors: string[];
}

export interface TCachedSpf extends TSpfAnalysis {
  checkedAt: Date;
  expiresAt: Date;
}

const STATUS: Record<TSpfNode['status'], TSpfStatus> = { ok: 'ok', none: 'none', permerror: 'permerror', temperror: 'temperror', loop: 'permerror', capped: 'permerror' };

function targetsUnder(node: TSpfNode, out: string[] = []): string[] {
  for (const t of node.terms) {
    if ((t.name === 'include' || t.name === 'redirect') && t.target && !t.skipped && !out.includes(t.target)) out.push(t.target);
    if (t.child) targetsUnder(t.child, out);
  }
  return out;
}

function nodesOf(node: TSpfNode, out = new Map<string, TSpfNode>()): Map<string, TSpfNode> {
  if (!out.has(node.domain)) out.set(node.domain, node);
  for (const t of node.terms) if (t.child && t.child.status !== 'loop') nodesOf(t.child, out);
  return out;
}

/**
 * Evaluates the SPF record of `name` (lib/dns) and returns it with every record reached
 * through include:/redirect=, so that callers can cache the includes too (the cost of adding
 * one is 1 + its lookups).
 */
export async function analyseSpf(resolver: TResolver, name: string): Promise<{ result: TSpfAnalysis; all: TSpfAnalysis[] }> {
  const check = await checkSpf(new DnsClient(resolver), normaliseDomain(name));
  const all = [...nodesOf(check.tree).values()].map(
    (node): TSpfAnalysis => ({
      name: node.domain,
      status: STATUS[node.status],
      record: node.record,
      lookups: node.lookups,
      voidLookups: node.void_lookups,
      includes: targetsUnder(node),
      errors: node === check.tree ? check.findings.filter((f) => f.severity !== 'info').map((f) => f.message) : [],
    }),
  );
  return { result: all[0], all };
}

/** Cached SPF analyses by name (missing names are simply absent). */
export async function readSpfCache(names: string[]): Promise<Map<string, TCachedSpf>> {
  if (names.length === 0) return new Map();
  const rows = await prisma().spfCache.findMany({ where: { name: { in: names } } });
  return new Map(
    rows.map((r) => [
      r.name,
      {
        name: r.name,
        status: r.status as TSpfAnalysis['status'],
        record: r.record,
        lookups: r.lookups,
        voidLookups: r.voidLookups,
        includes: r.includes,
        errors: Array.isArray(r.errors) ? (r.errors as string[]) : [],
        checkedAt: r.checkedAt,
        expiresAt: r.expiresAt,
      },
    ]),
  );
}

/**
 * Looks the SPF record of `name` up again (with its includes) and caches every name seen.
 * Transient failures are cached for a tenth of the TTL so that they are retried soon, but
 * not on every run.
 */
export async function refreshSpf(resolver: TResolver, name: string, ttlMs: number): Promise<TSpfAnalysis> {
  const { result, all } = await analyseSpf(resolver, name);
  const now = Date.now();
  const db = prisma();
  for (const a of all) {
    const transient = a.status === 'temperror';
    const expiresAt = new Date(now + (transient ? ttlMs / 10 : ttlMs));
    const data = { status: a.status, record: a.record, lookups: a.lookups, voidLookups: a.voidLookups, includes: a.includes, errors: a.errors, checkedAt: new Date(now), expiresAt };
    await db.spfCache.upsert({ where: { name: a.name }, create: { name: a.name, ...data }, update: data });
  }
  return result;
}
