import { WorldMap } from '@/components/charts/world-map';
import { formatInt } from '@/components/ui/format';
import type { TDomainScope } from '@/lib/access';
import type { TDayWindow } from '@/lib/platform/dates';
import { listDomainCountries } from '@/lib/queries';
import { Panel } from '@/components/ui/panel';

/** Where a domain's mail comes from: volume by the sending addresses' country (offline data). */
export async function DomainCountriesPanel({ scope, domainId, window, failures }: { scope: TDomainScope; domainId: number; window: TDayWindow; failures: boolean }) {
  const rows = await listDomainCountries(scope, domainId, window, failures);
  const unknown = rows.filter((r) => !r.country).reduce((sum, r) => sum + r.messages, 0);
  return (
    <Panel title={failures ? 'Failing mail by country' : 'Mail by country'} aside={unknown > 0 && <span className="muted">{formatInt(unknown)} messages from addresses without a known country</span>}>
      <WorldMap countries={rows.filter((r) => r.country).map((r) => ({ code: r.country as string, messages: r.messages }))} />
    </Panel>
  );
}
