import type { TDomainScope } from '@/lib/access';
import type { TDayWindow } from '@/lib/platform/dates';
import { listSourceDecisions, searchSources } from '@/lib/queries';
import { CATALOGUE, serviceById } from './catalogue';

export interface TSourceSearchHit {
  domain: string;
  key: string;
  /** As the sender map names it: the user's label, the service, the PTR domain or the network. */
  label: string;
  messages: number;
}

/** Catalogue services a query names ("send" → SendGrid): at most this many. */
const MAX_SERVICES = 10;

/**
 * Sources of the scope's domains matching a typed query (command palette), labelled as the
 * sender map labels them; only sources whose label, service or key contain the query.
 */
export async function searchSenderSources(scope: TDomainScope, query: string, window: TDayWindow, limit: number): Promise<TSourceSearchHit[]> {
  const needle = query.toLowerCase();
  // An address or its beginning (192.0.2., 2001:db8:): every candidate matched by address.
  const addressLike = /^[\d.]+$|:/.test(needle);
  const serviceIds = CATALOGUE.filter((s) => s.name.toLowerCase().includes(needle) || s.id.includes(needle))
    .slice(0, MAX_SERVICES)
    .map((s) => s.id);
  const hits = await searchSources(scope, needle, { window, serviceIds, limit: limit * 3 });
  const labels = new Map<number, Map<string, string>>();
  for (const domainId of new Set(hits.map((h) => h.domainId))) {
    const decisions = await listSourceDecisions(scope, domainId);
    labels.set(domainId, new Map(decisions.filter((d) => d.label).map((d) => [d.sourceKey, d.label as string])));
  }
  return hits
    .map((h) => {
      const service = serviceById(h.serviceId);
      const [kind, value] = [h.key.slice(0, h.key.indexOf(':')), h.key.slice(h.key.indexOf(':') + 1)];
      const fallback = kind === 'asn' ? `AS${value}${h.asName ? ` ${h.asName}` : ''}` : value;
      const label = labels.get(h.domainId)?.get(h.key) ?? service?.name ?? fallback;
      return { domain: h.domain, key: h.key, label, messages: h.messages, haystack: [label, h.key, h.ptrBaseDomain, h.asName, h.serviceId].join(' ').toLowerCase() };
    })
    .filter((h) => addressLike || h.haystack.includes(needle) || (h.key.startsWith('service:') && serviceIds.includes(h.key.slice(8))))
    .slice(0, limit)
    .map(({ haystack: _haystack, ...hit }) => hit);
}
