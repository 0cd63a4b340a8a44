import { checkDomainDns, type TDnsCheck } from '@/lib/dns';
import { prisma, type Prisma } from '@/lib/platform/db';
import type { TResolver } from '@/lib/platform/dns';
import { log } from '@/lib/platform/log';
import { listReportSelectors } from '@/lib/queries';
import { COMMON_DKIM_SELECTORS } from '@/lib/sources';
import { evaluateEnforcement } from '@/lib/enforcement/evaluate-enforcement';
import { gatesSnapshot } from '@/lib/enforcement/gates-snapshot';
import { readStoredCheck } from '@/lib/enforcement/stored-check';
import { recordDnsCheck, type TRecordResult } from './record-dns-check';

export interface TWatchedDomain {
  id: number;
  name: string;
  organizationId: number;
}

/**
 * Checks a domain's DNS now, as `atlas dns check` does (the selectors seen in its reports and
 * the common ones of known services), and records the result (recordDnsCheck). The DNS watch
 * job and the pages' "Check again" buttons both come here.
 */
export async function checkDomainNow(domain: TWatchedDomain, options: { resolver?: TResolver; now?: Date } = {}): Promise<{ check: TDnsCheck } & TRecordResult> {
  // The worker acts for the system: the domain itself is its scope.
  const scope = { organizationIds: [domain.organizationId], domainIds: [domain.id] };
  const reportSelectors = await listReportSelectors(scope, domain.name);
  const check = await checkDomainDns(domain.name, { reportSelectors, commonSelectors: COMMON_DKIM_SELECTORS, resolver: options.resolver });
  const recorded = await recordDnsCheck(domain.id, check, options.now);
  if (recorded.published && !recorded.published.announced) {
    // Published straight in DNS, nobody advanced in the wizard: keep the gates as they stood
    // at the previous stage, so the history still says whether they held.
    try {
      const before = await evaluateEnforcement({ scope, domain, dns: { check: readStoredCheck(recorded.published.previousResult), checkedAt: null }, asOf: options.now });
      const snapshot = gatesSnapshot(before);
      await prisma().enforcementEvent.update({ where: { id: recorded.published.eventId }, data: { gates: snapshot.gates as unknown as Prisma.InputJsonValue, gatesHeld: snapshot.held } });
    } catch (error) {
      log.warn({ err: error, domain: domain.name }, 'gates of a newly published stage not recorded');
    }
  }
  return { check, ...recorded };
}
