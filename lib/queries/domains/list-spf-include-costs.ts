import { prisma } from '@/lib/platform/db';
import type { TDomainScope } from '@/lib/access';
import { parseSpfRecord } from '@/lib/dns';

/** What one include: of a domain's SPF record costs toward the 10-lookup limit. */
export interface TSpfIncludeCost {
  include: string;
  /** 1 for the include itself plus its own nested lookups; null when not looked up yet. */
  cost: number | null;
  status: string | null;
}

/**
 * The direct include:/redirect= targets of the domain's cached SPF record (the worker's
 * spf_cache), each with its lookup cost, most expensive first: the candidates to flatten.
 */
export async function listSpfIncludeCosts(scope: TDomainScope, domainId: number): Promise<TSpfIncludeCost[]> {
  if (!scope.domainIds.includes(domainId)) return [];
  const rows = await prisma().$queryRaw<Array<{ record: string | null }>>`
    SELECT s.record FROM spf_cache s JOIN domain d ON d.name = s.name
     WHERE d.id = ${domainId} AND d.id = ANY(${[...scope.domainIds]}::int[])`;
  const record = rows[0]?.record;
  if (!record) return [];
  const direct = parseSpfRecord(record).terms.map((t) =>
    t.kind === 'mechanism' ? (t.name === 'include' ? t.spec : null) : t.name === 'redirect' ? t.value : null,
  );
  const targets = [...new Set(direct.filter((t): t is string => !!t && t.length <= 253).map((t) => t.toLowerCase().replace(/\.$/, '')))].slice(0, 50);
  if (targets.length === 0) return [];
  const cached = await prisma().spfCache.findMany({ where: { name: { in: targets } }, select: { name: true, lookups: true, status: true } });
  const byName = new Map(cached.map((c) => [c.name, c]));
  return targets
    .map((include) => {
      const c = byName.get(include);
      return { include, cost: c ? 1 + c.lookups : null, status: c?.status ?? null };
    })
    .sort((a, b) => (b.cost ?? 0) - (a.cost ?? 0));
}
