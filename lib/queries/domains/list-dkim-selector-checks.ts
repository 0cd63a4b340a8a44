import { prisma } from '@/lib/platform/db';
import type { TDomainScope } from '@/lib/access';

/** A DKIM selector the worker probed at <selector>._domainkey.<domain>. */
export interface TDkimSelectorState {
  selector: string;
  /** found | missing | error */
  status: string;
  /** The CNAME target when the key is delegated to a service. */
  target: string | null;
  checkedAt: Date;
}

/** The domain's probed DKIM selectors (the catalogue's, for the services seen sending as it). */
export async function listDkimSelectorChecks(scope: TDomainScope, domainId: number): Promise<TDkimSelectorState[]> {
  if (!scope.domainIds.includes(domainId)) return [];
  const rows = await prisma().$queryRaw<Array<{ selector: string; status: string; target: string | null; checked_at: Date }>>`
    SELECT c.selector, c.status, c.target, c.checked_at
      FROM dkim_selector_check c JOIN domain d ON d.name = c.domain
     WHERE d.id = ${domainId} AND d.id = ANY(${[...scope.domainIds]}::int[])
     ORDER BY c.status = 'found' DESC, c.selector`;
  return rows.map((r) => ({ selector: r.selector, status: r.status, target: r.target, checkedAt: r.checked_at }));
}
