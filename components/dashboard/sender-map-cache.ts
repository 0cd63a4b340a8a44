import { cache } from 'react';
import type { TDomainScope } from '@/lib/access';
import type { TDayWindow } from '@/lib/platform/dates';
import { buildSenderMap, type TSenderMap } from '@/lib/sources';

// React's per-request cache keys on its arguments by identity: primitives only here, so that the
// parts of one page that need the same sender map (chart, tables, treemap) build it once.
const cached = cache((domainIds: string, domainId: number, name: string, start: number, end: number) =>
  buildSenderMap({ domainIds: domainIds.split(',').map(Number) }, { id: domainId, name }, { start: new Date(start), end: new Date(end) }),
);

/** The sender map of a domain, built at most once per request and window. */
export function senderMapOnce(scope: TDomainScope, domain: { id: number; name: string }, window: TDayWindow): Promise<TSenderMap> {
  return cached(scope.domainIds.join(','), domain.id, domain.name, window.start.getTime(), window.end.getTime());
}
