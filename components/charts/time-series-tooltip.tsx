'use client';

import type { TooltipContentProps } from 'recharts';
import { VERDICT_LABELS, VERDICTS } from '@/lib/sources/client';
import { formatInt } from '@/components/ui/format';
import type { TTimeSeriesRow } from './time-series-data';
import { VERDICT_COLORS } from './verdict-colors';
import styles from './chart.module.css';

const dayLabel = new Intl.DateTimeFormat('en-GB', { weekday: 'short', day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });
const rate = (value: number | null) => (value === null ? '—' : `${value.toFixed(1)}%`);

/** The hovered day's figures: volume (by verdict when known), pass rates, disposition. */
export function TimeSeriesTooltip({ active, payload, rates = true }: TooltipContentProps & { rates?: boolean }) {
  const row = payload?.[0]?.payload as TTimeSeriesRow | undefined;
  if (!active || !row) return null;
  const stacked = VERDICTS.some((v) => row[`v_${v}`] !== undefined);
  return (
    <div className={styles.tooltip}>
      <div className={styles.tooltipTitle}>{dayLabel.format(new Date(`${row.day}T00:00:00Z`))}</div>
      <dl className={styles.tooltipRows}>
        <dt>Messages</dt>
        <dd>{formatInt(row.messages)}</dd>
        {stacked &&
          VERDICTS.map((v) => (
            <div key={v} className={styles.tooltipSub}>
              <dt>
                <i style={{ background: VERDICT_COLORS[v] }} aria-hidden /> {VERDICT_LABELS[v]}
              </dt>
              <dd>{formatInt(row[`v_${v}`] ?? 0)}</dd>
            </div>
          ))}
        {rates && (
          <>
            <dt>
              <i style={{ background: 'var(--chart-dmarc)' }} aria-hidden /> DMARC pass
            </dt>
            <dd>{rate(row.dmarc)}</dd>
            <dt>
              <i style={{ background: 'var(--chart-dkim)' }} aria-hidden /> DKIM aligned
            </dt>
            <dd>{rate(row.dkim)}</dd>
            <dt>
              <i style={{ background: 'var(--chart-spf)' }} aria-hidden /> SPF aligned
            </dt>
            <dd>{rate(row.spf)}</dd>
          </>
        )}
        {row.quarantined !== null && (
          <>
              <dt>Quarantined</dt>
              <dd>{formatInt(row.quarantined)}</dd>
          </>
        )}
        {row.rejected !== null && (
          <>
              <dt>Rejected</dt>
              <dd>{formatInt(row.rejected)}</dd>
          </>
        )}
      </dl>
    </div>
  );
}
