import Link from 'next/link';
import { carryFilters } from '@/components/filters/carry-filters';
import type { TSearchParams } from '@/components/filters/href';
import { formatDate } from '@/components/ui/format';
import { plural } from '@/components/ui/plural';
import type { TDomainReporter } from '@/lib/queries';
import styles from './dashboard.module.css';

/** "Yahoo stopped reporting on example.net 9 days ago": the reporters that went quiet, first. */
export function ReporterGaps({ reporters, domainName, params }: { reporters: TDomainReporter[]; domainName: (id: number) => string; params: TSearchParams }) {
  const quiet = reporters.filter((r) => r.cadence?.status === 'quiet').sort((a, b) => (b.cadence?.silentDays ?? 0) - (a.cadence?.silentDays ?? 0));
  if (quiet.length === 0) return null;
  return (
    <ul className={styles.gaps} aria-label="Reporters that stopped reporting">
      {quiet.map((r) => {
        const c = r.cadence!;
        const domain = domainName(r.domainId);
        return (
          <li key={`${r.domainId}-${r.reporter}`} className="notice notice-error" role="status">
            <strong>
              {r.reporter} stopped reporting on <Link href={carryFilters(`/domains/${encodeURIComponent(domain)}`, params)}>{domain}</Link> {plural(c.silentDays, 'day')} ago.
            </strong>{' '}
            Its last report began on {formatDate(new Date(`${c.lastReportDay}T00:00:00Z`))}; before that it reported {c.frequency}. Check that the domain’s DMARC record still names your report address, and that the
            mailbox still receives mail from {r.email ?? r.reporter}.
          </li>
        );
      })}
    </ul>
  );
}
