import { prisma } from '@/lib/platform/db';
import type { TResolver } from '@/lib/platform/dns';
import { analyseSpf, type TSpfAnalysis } from './analyse-spf';

export interface TCachedSpf extends TSpfAnalysis {
  checkedAt: Date;
  expiresAt: Date;
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
    const transient = a.status === 'timeout' || a.status === 'temperror';
    const expiresAt = new Date(now + (transient ? ttlMs / 10 : ttlMs));
    const data = { status: a.status, record: a.record, lookups: a.lookups, voidLookups: a.voidLookups, includes: a.includes, errors: a.errors, checkedAt: new Date(now), expiresAt };
    await db.spfCache.upsert({ where: { name: a.name }, create: { name: a.name, ...data }, update: data });
  }
  return result;
}
