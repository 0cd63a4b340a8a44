import { VERDICT_LABELS, VERDICTS, type TVerdict } from '@/lib/sources';
import { VERDICT_COLORS } from '@/components/charts/verdict-colors';
import { formatInt } from '@/components/ui/format';
import styles from './badges.module.css';

/**
 * The four verdicts with their chart colours, optionally with a count each (messages or
 * sources, per `unit`): the key for charts, treemaps and maps coloured by verdict.
 */
export function VerdictLegend({ counts, unit }: { counts?: Partial<Record<TVerdict, number>>; unit?: string }) {
  return (
    <ul className={styles.legend} aria-label="Verdicts">
      {VERDICTS.map((v) => (
        <li key={v}>
          <i style={{ background: VERDICT_COLORS[v] }} aria-hidden />
          {VERDICT_LABELS[v]}
          {counts && <span className={styles.count}>{` ${formatInt(counts[v] ?? 0)}${unit ? ` ${unit}` : ''}`}</span>}
        </li>
      ))}
    </ul>
  );
}
