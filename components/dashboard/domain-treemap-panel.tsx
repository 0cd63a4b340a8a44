import { SourceTreemap } from '@/components/charts/source-treemap';
import { VerdictLegend } from '@/components/badges/verdict-legend';
import { carryFilters } from '@/components/filters/carry-filters';
import type { TSearchParams } from '@/components/filters/href';
import type { TDomainScope } from '@/lib/access';
import type { TDayWindow } from '@/lib/platform/dates';
import { sourcePath } from '@/lib/sources';
import { senderMapOnce } from './sender-map-cache';
import { Panel } from '@/components/ui/panel';

/** Services sized by volume, coloured by verdict; a tile opens its source's page. */
export async function DomainTreemapPanel({ scope, domain, window, failures, params }: { scope: TDomainScope; domain: { id: number; name: string }; window: TDayWindow; failures: boolean; params: TSearchParams }) {
  const map = await senderMapOnce(scope, domain, window);
  const sources = map.sources
    .map((s) => ({ key: s.key, label: s.label, messages: failures ? s.messages - s.dmarcPass : s.messages, dmarcPass: failures ? 0 : s.dmarcPass, verdict: s.verdict.verdict, href: carryFilters(sourcePath(domain.name, s.key), params) }))
    .filter((s) => s.messages > 0);
  if (sources.length === 0) return null;
  return (
    <Panel title={failures ? 'Failing mail by source' : 'Services by volume'} aside={<VerdictLegend />}>
      <SourceTreemap sources={sources} height={300} />
    </Panel>
  );
}
