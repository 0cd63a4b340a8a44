import { cache } from 'react';
import type { TDomainScope } from '@/lib/access';
import type { TDayWindow } from '@/lib/platform/dates';
import { buildSenderMap, buildSenderMaps, type TSenderMap } from '@/lib/sources';

// React's per-request cache keys on its arguments by identity: primitives only here, so that the
// parts of one page that need the same sender map (chart, tables, treemap) build it once.
const cached = cache((domainIds: string, domainId: number, name: string, start: number, end: number) =>
  buildSenderMap({ domainIds: domainIds.split(',').map(Number) }, { id: domainId, name }, { start: new Date(start), end: new Date(end) }),
);

/** The sender map of a domain, built at most once per request and window. */
export function senderMapOnce(scope: TDomainScope, domain: { id: number; name: string }, window: TDayWindow): Promise<TSenderMap> {
  return cached(scope.domainIds.join(','), domain.id, domain.name, window.start.getTime(), window.end.getTime());
}

// The same, for the overview's cards: every card asks for its own map, and the first ask builds
// them all from one set of queries (buildSenderMaps). Domains travel as "id:name" lines (names
// never hold a newline).
const cachedMany = cache((domainIds: string, domains: string, start: number, end: number) =>
  buildSenderMaps(
    { domainIds: domainIds.split(',').map(Number) },
    domains.split('\n').map((line) => ({ id: Number(line.slice(0, line.indexOf(':'))), name: line.slice(line.indexOf(':') + 1) })),
    { start: new Date(start), end: new Date(end) },
  ),
);

/** The sender map of `domain`, built once per request together with those of `all` (the page's other domains). */
export async function senderMapAmong(scope: TDomainScope, all: { id: number; name: string }[], domain: { id: number; name: string }, window: TDayWindow): Promise<TSenderMap> {
  const maps = await cachedMany(scope.domainIds.join(','), all.map((d) => `${d.id}:${d.name}`).join('\n'), window.start.getTime(), window.end.getTime());
  return maps.find((m) => m.domain.id === domain.id) ?? senderMapOnce(scope, domain, window);
}
