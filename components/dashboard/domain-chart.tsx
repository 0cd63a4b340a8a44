import { TimeSeriesChart } from '@/components/charts/time-series-chart';
import type { TDomainScope } from '@/lib/access';
import { formatDay, type TDayWindow } from '@/lib/platform/dates';
import { listSourceDays } from '@/lib/queries';
import { failureSummary } from './failure-series';
import { senderMapOnce } from './sender-map-cache';
import { verdictDays } from './verdict-days';
import { Panel } from '@/components/ui/panel';

/**
 * A domain's pass rates over time (DMARC, aligned DKIM, aligned SPF) over its daily volume
 * stacked by the verdict of the sources; with "failures only", the failing volume alone.
 */
export async function DomainChart({ scope, domain, window, failures }: { scope: TDomainScope; domain: { id: number; name: string }; window: TDayWindow; failures: boolean }) {
  const [map, rows] = await Promise.all([senderMapOnce(scope, domain, window), listSourceDays(scope, domain.id, window, { failures })]);
  const verdicts = new Map(map.sources.map((s) => [s.key, s.verdict.verdict]));
  const days = verdictDays(rows, (key) => verdicts.get(key));
  return (
    <Panel title={failures ? 'Failing mail per day, by verdict' : 'Pass rates and volume per day'} aside={<span className="muted">volume stacked by the verdict of its source</span>}>
      <TimeSeriesChart days={days} window={{ from: formatDay(window.start), to: formatDay(window.end) }} rates={!failures} summary={failures ? failureSummary(days) : undefined} height={300} />
    </Panel>
  );
}
