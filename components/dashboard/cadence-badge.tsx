import { formatDate } from '@/components/ui/format';
import { plural } from '@/components/ui/plural';
import type { TDomainReporter } from '@/lib/queries';
import styles from './dashboard.module.css';

/** The last report of a reporter, flagged when a regular reporter has gone quiet. */
export function CadenceBadge({ reporter, fallback }: { reporter: TDomainReporter; fallback?: string }) {
  const c = reporter.cadence;
  if (c?.status === 'quiet') {
    return (
      <span className={styles.statusQuiet} title={`It reported ${c.frequency}; quiet after ${plural(c.quietAfter ?? 0, 'day')} without a report`}>
        <span className="badge badge-fail">Stopped</span> {plural(c.silentDays, 'day')} ago
      </span>
    );
  }
  return <span className="muted">{fallback ?? formatDate(reporter.lastReportAt)}</span>;
}
