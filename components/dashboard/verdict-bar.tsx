import { VERDICT_COLORS } from '@/components/charts/verdict-colors';
import { formatPercent } from '@/components/ui/format';
import { VERDICT_LABELS, VERDICTS, type TVerdict } from '@/lib/sources';
import styles from './dashboard.module.css';

/** Share of a domain's volume by the verdict of its sources: one stacked bar and its key in words. */
export function VerdictBar({ byVerdict }: { byVerdict: Record<TVerdict, { messages: number }> }) {
  const total = VERDICTS.reduce((sum, v) => sum + byVerdict[v].messages, 0);
  if (total === 0) return <p className="muted">No mail in this period.</p>;
  const shown = VERDICTS.filter((v) => byVerdict[v].messages > 0);
  return (
    <div className={styles.verdictBar}>
      <div className={styles.bar} aria-hidden>
        {shown.map((v) => (
          <span key={v} style={{ width: `${(byVerdict[v].messages / total) * 100}%`, background: VERDICT_COLORS[v] }} />
        ))}
      </div>
      <ul className={styles.barKey} aria-label="Share of messages by verdict">
        {shown.map((v) => (
          <li key={v}>
            <i style={{ background: VERDICT_COLORS[v] }} aria-hidden />
            {VERDICT_LABELS[v]} <strong>{formatPercent(byVerdict[v].messages, total)}</strong>
          </li>
        ))}
      </ul>
    </div>
  );
}
