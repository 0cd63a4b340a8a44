import styles from './dashboard.module.css';

/**
 * A change against the previous period: percentage points for rates (`kind="points"`), percent
 * for volumes. Rates going up are green, down red; volume changes stay neutral (the words carry
 * the meaning).
 */
export function Trend({ now, before, kind, label, compact = false }: { now: number | null; before: number | null; kind: 'points' | 'percent'; label: string; compact?: boolean }) {
  if (now === null || before === null || (kind === 'percent' && before === 0)) return <span className={styles.trendFlat}>{compact ? '—' : 'no earlier data'}</span>;
  const delta = kind === 'points' ? (now - before) * 100 : ((now - before) / before) * 100;
  const rounded = Math.round(delta * 10) / 10;
  const unit = kind === 'points' ? ' pts' : '%';
  if (rounded === 0) return <span className={styles.trendFlat} title={label}>unchanged{compact ? '' : ` ${label}`}</span>;
  const up = rounded > 0;
  const good = kind === 'points' ? up : null;
  const className = good === null ? styles.trendFlat : good ? styles.trendUp : styles.trendDown;
  return (
    <span className={className} title={label}>
      <span aria-hidden>{up ? '▲' : '▼'}</span> {up ? '+' : '−'}
      {Math.abs(rounded).toFixed(1)}
      {unit}
      {compact ? <span className="sr-only"> {label}</span> : ` ${label}`}
    </span>
  );
}
