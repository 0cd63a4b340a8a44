import { prisma } from '@/lib/platform/db';
import type { TDomainScope } from '@/lib/access';

/** Users' approve/reject decisions on a domain's sources (they outrank the heuristics). */
export async function listSourceDecisions(scope: TDomainScope, domainId: number) {
  return (await listSourceDecisionsByDomain(scope, [domainId])).get(domainId) ?? [];
}

/** `listSourceDecisions` for several domains in one query. */
export async function listSourceDecisionsByDomain(scope: TDomainScope, domainIds: number[]) {
  const allowed = domainIds.filter((id) => scope.domainIds.includes(id));
  const rows = allowed.length ? await prisma().sourceDecision.findMany({ where: { domainId: { in: allowed } } }) : [];
  const byDomain = new Map<number, typeof rows>(allowed.map((id) => [id, []]));
  for (const row of rows) byDomain.get(row.domainId)?.push(row);
  return byDomain;
}
