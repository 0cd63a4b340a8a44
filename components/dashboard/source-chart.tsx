import { TimeSeriesChart } from '@/components/charts/time-series-chart';
import type { TDomainScope } from '@/lib/access';
import { formatDay, type TDayWindow } from '@/lib/platform/dates';
import { listSourceDays } from '@/lib/queries';
import { failureDays, failureSummary } from './failure-series';
import { verdictDays } from './verdict-days';
import { Panel } from '@/components/ui/panel';

/** One source of a domain over time: its daily volume and pass rates (or its failing mail). */
export async function SourceChart({ scope, domainId, sourceKey, window, failures }: { scope: TDomainScope; domainId: number; sourceKey: string; window: TDayWindow; failures: boolean }) {
  const rows = await listSourceDays(scope, domainId, window, { sourceKey });
  // No verdict split for one source: its volume is one colour.
  const days = verdictDays(rows, () => undefined).map(({ byVerdict: _split, ...day }) => day);
  const shown = failures ? failureDays(days) : days;
  return (
    <Panel title={failures ? 'Failing mail per day' : 'Volume and pass rates per day'}>
      <TimeSeriesChart days={shown} window={{ from: formatDay(window.start), to: formatDay(window.end) }} rates={!failures} summary={failures ? failureSummary(shown) : undefined} height={240} />
    </Panel>
  );
}
