'use server';

import { z } from 'zod';
import type { TCommandItem } from '@/components/command-palette/types';
import { requireActor } from '@/lib/access';
import { dayWindow } from '@/lib/platform/dates';
import { listScopeDomains, searchReports } from '@/lib/queries';
import { searchSenderSources } from '@/lib/sources';

const ZQuery = z.string().trim().min(1).max(200);
/** A palette shows a screenful; more is noise. */
const MAX_ITEMS = 20;
const PER_KIND = 6;
/** Sources: those of the sender map's default period. Reports: an id's beginning matches over this many days (a whole id, any age). */
const SOURCE_DAYS = 30;
const REPORT_DAYS = 90;
/** Queries shorter than this search domains only (every source and report would match). */
const MIN_DEEP_QUERY = 2;

const shortDate = new Intl.DateTimeFormat('en-GB', { day: '2-digit', month: 'short', year: 'numeric', timeZone: 'UTC' });

/**
 * The command palette's search, scoped to what the caller may see: domains (sender map),
 * sources (their place in the sender map) and reports (report detail).
 */
export async function commandSearchAction(query: string): Promise<TCommandItem[]> {
  const parsed = ZQuery.safeParse(query);
  if (!parsed.success) return [];
  const needle = parsed.data.toLowerCase();
  const actor = await requireActor();
  const deep = needle.length >= MIN_DEEP_QUERY;
  const [domains, sources, reports] = await Promise.all([
    listScopeDomains(actor.scope),
    deep ? searchSenderSources(actor.scope, needle, dayWindow({ days: SOURCE_DAYS }), PER_KIND) : [],
    deep ? searchReports(actor.scope, parsed.data, { since: dayWindow({ days: REPORT_DAYS }).start, limit: PER_KIND }) : [],
  ]);
  const items: TCommandItem[] = [
    ...domains
      .filter((d) => d.name.includes(needle))
      .slice(0, PER_KIND)
      .map((d): TCommandItem => ({ id: `domain:${d.name}`, kind: 'domain', label: d.name, hint: 'Sender map', href: `/domains/${encodeURIComponent(d.name)}/sources` })),
    ...sources.map(
      (s): TCommandItem => ({
        id: `source:${s.domain}:${s.key}`,
        kind: 'source',
        label: s.label,
        hint: `sending as ${s.domain}`,
        href: `/domains/${encodeURIComponent(s.domain)}/sources?source=${encodeURIComponent(s.key)}#addresses`,
      }),
    ),
    ...reports.map(
      (r): TCommandItem => ({
        id: `report:${r.id}`,
        kind: 'report',
        label: `${r.reporter} · ${r.reportId.length > 48 ? `${r.reportId.slice(0, 47)}…` : r.reportId}`,
        hint: `${r.domain} · ${shortDate.format(r.begin)}`,
        href: `/reports/${r.id}`,
      }),
    ),
  ];
  return items.slice(0, MAX_ITEMS);
}
