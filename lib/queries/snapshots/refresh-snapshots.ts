import { getPool } from '@/lib/platform/db';
import { dayWindow, formatDay, type TDayWindow } from '@/lib/platform/dates';
import { listDomainCountries } from '@/lib/queries/domains/list-domain-countries';
import { listReporterVolumes } from '@/lib/queries/reporters/list-reporter-volumes';
import { fillSourceAddressSnapshots } from '@/lib/queries/sources/list-source-addresses';
import { fillSourceAuthResultSnapshots } from '@/lib/queries/sources/list-source-auth-results';
import { fillSourceDaySnapshots, listSourceDays } from '@/lib/queries/sources/list-source-days';
import { fillSourceReporterSnapshots } from '@/lib/queries/sources/list-source-reporters';
import { listSources } from '@/lib/queries/sources/list-sources';

/** The period picker's presets (components/filters/range-params.ts RANGE_PRESETS); 30 is the default. */
export const SNAPSHOT_WINDOW_DAYS = [7, 30, 90] as const;
/** Per-source reads are kept for this many of a domain's busiest sources, in the default window. */
export const SNAPSHOT_TOP_SOURCES = 20;

export interface TRefreshOptions {
  /** Only these domains (default: every domain with mail in the last 90 days whose snapshots are stale). */
  domainIds?: number[];
  /** Default: the last 7, 30 and 90 days up to today (UTC). */
  windows?: TDayWindow[];
  topSources?: number;
  now?: Date;
}

export interface TRefreshResult {
  domains: number;
}

// Domains with mail in the last 90 days whose default sender map is not at the current
// versions: the sender map of the default window is refreshed last, so it marks a domain done.
const STALE_DOMAINS = `
  WITH v AS (SELECT domain_id, sum(n) AS n FROM snapshot_change GROUP BY domain_id),
       e AS (SELECT coalesce((SELECT n FROM v WHERE domain_id IS NULL), 0) AS n)
  SELECT d.id FROM domain d CROSS JOIN e
   WHERE EXISTS (SELECT 1 FROM domain_daily x WHERE x.domain_id = d.id AND x.day >= $1::date)
     AND NOT EXISTS (
       SELECT 1 FROM query_snapshot s
        WHERE s.domain_id = d.id AND s.query = 'sources.v1' AND s.window_from = $2::date AND s.window_to = $3::date AND s.args = '{}'
          AND s.data_version = coalesce((SELECT n FROM v WHERE v.domain_id = d.id), 0) AND s.enrichment_version = e.n)
   ORDER BY d.id`;

/**
 * Computes the snapshots the pages read by default, so that a page opened after new reports
 * arrived usually finds its figures stored: for each domain, the sender map, source days,
 * countries and reporter volumes over each window, and the per-source reads (addresses, days,
 * auth results, reporters) of its busiest sources over the default window. Reads whose
 * snapshot is current cost one lookup. The worker runs it every minute; the bench calls it
 * after building its data set.
 */
export async function refreshSnapshots(options: TRefreshOptions = {}): Promise<TRefreshResult> {
  const now = options.now ?? new Date();
  const windows = options.windows ?? SNAPSHOT_WINDOW_DAYS.map((days) => dayWindow({ days }, now));
  const main = dayWindow({ days: 30 }, now);
  const domainIds = options.domainIds ?? (await staleDomains(main, now));
  for (const domainId of domainIds) {
    const scope = { domainIds: [domainId] };
    // The default window last: its sender map is what staleDomains looks at.
    const ordered = [...windows.filter((w) => !same(w, main)), ...windows.filter((w) => same(w, main))];
    for (const window of ordered) {
      await listSourceDays(scope, domainId, window);
      await listDomainCountries(scope, domainId, window);
      await listReporterVolumes(scope, window, { domainIds: [domainId] });
      const sources = await listSources(scope, domainId, window);
      if (!same(window, main)) continue;
      // One statement per read for all these sources, not one per source.
      const keys = sources.slice(0, options.topSources ?? SNAPSHOT_TOP_SOURCES).map((s) => s.key);
      if (keys.length === 0) continue;
      await fillSourceAddressSnapshots(domainId, window, keys);
      await fillSourceDaySnapshots(domainId, window, keys);
      await fillSourceAuthResultSnapshots(domainId, window, keys);
      await fillSourceReporterSnapshots(domainId, window, keys);
    }
  }
  return { domains: domainIds.length };
}

async function staleDomains(main: TDayWindow, now: Date): Promise<number[]> {
  const since = formatDay(dayWindow({ days: 90 }, now).start);
  const res = await getPool().query<{ id: number }>(STALE_DOMAINS, [since, formatDay(main.start), formatDay(main.end)]);
  return res.rows.map((r) => r.id);
}

const same = (a: TDayWindow, b: TDayWindow) => a.start.getTime() === b.start.getTime() && a.end.getTime() === b.end.getTime();
