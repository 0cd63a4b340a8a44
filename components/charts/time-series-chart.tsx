import { TimeSeriesCanvas } from './time-series-canvas';
import { toTimeSeriesRows, type TTimeSeriesDay } from './time-series-data';
import { summariseTimeSeries } from './time-series-summary';
import styles from './chart.module.css';

export interface TTimeSeriesChartProps {
  /** Daily figures (days without reports may be missing). */
  days: TTimeSeriesDay[];
  /** The period shown, [from, to) as YYYY-MM-DD: missing days are drawn as zero. */
  window?: { from: string; to: string };
  height?: number;
  /** Show the summary sentence under the chart (it is always there for screen readers). */
  showSummary?: boolean;
  /** Draw the pass-rate lines (off for "failures only", where every message failed). */
  rates?: boolean;
  /** The sentence for the chart, when the default one does not fit (failures only). */
  summary?: string;
}

/**
 * Daily volume (bars, stacked by verdict when `byVerdict` is given) and the DMARC pass, aligned
 * DKIM and aligned SPF rates (lines, right axis), with the day's figures on hover and the whole
 * chart in one sentence. Server component: the rows and summary are computed here; only the
 * drawing runs in the browser.
 */
export function TimeSeriesChart({ days, window, height = 280, showSummary = true, rates = true, summary: sentence }: TTimeSeriesChartProps) {
  const rows = toTimeSeriesRows(days, window);
  const stacked = days.some((d) => d.byVerdict);
  const summary = sentence ?? summariseTimeSeries(days);
  return (
    <figure className={styles.figure}>
      <TimeSeriesCanvas rows={rows} height={height} stacked={stacked} rates={rates} />
      <figcaption className={showSummary ? styles.summary : 'sr-only'}>{summary}</figcaption>
    </figure>
  );
}
