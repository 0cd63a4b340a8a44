import type { TDnsCheck } from '@/lib/dns';
import { getDomainDnsState } from '@/lib/queries';
import type { TAccessScope } from '@/lib/access';
import { checkDomainNow, type TWatchedDomain } from './dns-watch/check-domain-now';
import { readStoredCheck } from './stored-check';

/**
 * The DNS check a page or API answer uses: the stored one (DNS watch, re-check) when it is
 * younger than `maxAgeMs`, else a new check now (recorded like the watch's).
 */
export async function loadDnsCheck(scope: TAccessScope, domain: TWatchedDomain, options: { maxAgeMs?: number; now?: Date } = {}): Promise<{ check: TDnsCheck | null; checkedAt: Date | null }> {
  const now = options.now ?? new Date();
  const stored = await getDomainDnsState(scope, domain.id);
  const check = stored ? readStoredCheck(stored.result) : null;
  if (stored && check && (options.maxAgeMs === undefined || now.getTime() - stored.checkedAt.getTime() <= options.maxAgeMs)) return { check, checkedAt: stored.checkedAt };
  if (!scope.domainIds.includes(domain.id)) return { check: null, checkedAt: null };
  const fresh = await checkDomainNow(domain);
  return { check: fresh.check, checkedAt: new Date() };
}
