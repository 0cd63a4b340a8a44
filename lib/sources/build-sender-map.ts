import { fixAdvice, type TDomainSpfFacts } from '@/lib/sources/advice/fix-advice';
import { readSelectorChecksFor, type TSelectorCheck } from '@/lib/sources/enrichment/dkim-selectors';
import { listSourceDecisionsByDomain, listSourcesByDomain, type listSourceDecisions, type TSourceStats } from '@/lib/queries';
import type { TDomainScope } from '@/lib/access';
import type { TDayWindow } from '@/lib/platform/dates';
import { serviceById } from '@/lib/sources/catalogue';
import { NETWORK_TYPES, SERVICE_TYPES, type TServiceType } from './types';
import { readSpfCache, type TCachedSpf } from '@/lib/sources/spf/spf-cache';
import { normaliseHost } from '@/lib/platform/net';
import { decideVerdict, VERDICTS, type TDecision, type TVerdict, type TVerdictResult } from '@/lib/sources/verdicts/decide-verdict';

export interface TSenderMapSource extends TSourceStats {
  /** What to call it: the user's name for it, the service, the PTR domain, the network. */
  label: string;
  serviceName: string | null;
  type: TServiceType | null;
  /** The type was guessed from the AS name (an unlisted network). */
  typeGuessed: boolean;
  verdict: TVerdictResult;
  advice: string[];
  decision: TDecision | null;
}

export interface TSenderMap {
  domain: { id: number; name: string };
  window: TDayWindow;
  sources: TSenderMapSource[];
  /** `nextCheckAt`: when the worker looks again (soon after a failed lookup: temperror). */
  spf: TDomainSpfFacts & { checkedAt: Date | null; nextCheckAt: Date | null; errors: string[] };
  totals: {
    messages: number;
    /** Messages from sources attributed to a named service (catalogue or user-named). */
    namedMessages: number;
    pendingAddresses: number;
    byVerdict: Record<TVerdict, { sources: number; messages: number }>;
  };
}

function sourceLabel(s: TSourceStats, serviceName: string | null, decisionLabel: string | null): string {
  if (decisionLabel) return decisionLabel;
  if (serviceName) return serviceName;
  const [kind, value] = [s.key.slice(0, s.key.indexOf(':')), s.key.slice(s.key.indexOf(':') + 1)];
  if (kind === 'ptr') return value;
  if (kind === 'asn') return `AS${value}${s.asName ? ` ${s.asName}` : ''}`;
  return value;
}

/**
 * The sender map of one domain: its sources (SQL over the rollups and enrichment caches), each
 * with a verdict and fix advice. Verdicts use the domain's cached SPF and DKIM selector checks
 * and the users' decisions; nothing here touches the network.
 */
export async function buildSenderMap(scope: TDomainScope, domain: { id: number; name: string }, window: TDayWindow): Promise<TSenderMap> {
  return (await buildSenderMaps(scope, [domain], window))[0];
}

/**
 * The sender maps of several domains (the overview's cards, in their order), from the same few
 * queries however many domains there are: a page of 50 domains costs 5 round trips, not 250.
 */
export async function buildSenderMaps(scope: TDomainScope, domains: { id: number; name: string }[], window: TDayWindow): Promise<TSenderMap[]> {
  const ids = domains.map((d) => d.id);
  const names = domains.map((d) => d.name);
  const [statsByDomain, decisionsByDomain, selectorChecks, spfCache] = await Promise.all([
    listSourcesByDomain(scope, ids, window),
    listSourceDecisionsByDomain(scope, ids),
    readSelectorChecksFor(names),
    readSpfCache(names),
  ]);
  const statsOf = (id: number) => statsByDomain.get(id) ?? [];
  const servicesSeenOf = new Map(domains.map((d) => [d.id, new Set(statsOf(d.id).map((s) => s.serviceId).filter((id): id is string => id !== null))]));
  // The SPF includes of the services each domain's own sources belong to, and no other domain's.
  const includeNamesOf = new Map([...servicesSeenOf].map(([id, seen]) => [id, [...seen].flatMap((service) => serviceById(service)?.spf ?? [])]));
  const includeCosts = await readSpfCache([...new Set([...includeNamesOf.values()].flat())]);
  return domains.map((domain) =>
    senderMapOf(domain, window, {
      stats: statsOf(domain.id),
      decisions: decisionsByDomain.get(domain.id) ?? [],
      selectorChecks: selectorChecks.get(normaliseHost(domain.name)) ?? [],
      spfRow: spfCache.get(domain.name),
      servicesSeen: servicesSeenOf.get(domain.id) ?? new Set(),
      includeCosts: new Map((includeNamesOf.get(domain.id) ?? []).flatMap((name) => {
        const row = includeCosts.get(name);
        return row ? [[name, row] as const] : [];
      })),
    }),
  );
}

interface TSenderMapInputs {
  stats: TSourceStats[];
  decisions: Awaited<ReturnType<typeof listSourceDecisions>>;
  selectorChecks: TSelectorCheck[];
  spfRow: TCachedSpf | undefined;
  servicesSeen: Set<string>;
  includeCosts: Map<string, TCachedSpf>;
}

function senderMapOf(domain: { id: number; name: string }, window: TDayWindow, input: TSenderMapInputs): TSenderMap {
  const { stats, decisions, selectorChecks, spfRow, servicesSeen, includeCosts } = input;
  const spf = {
    status: spfRow?.status ?? null,
    record: spfRow?.record ?? null,
    lookups: spfRow?.lookups ?? 0,
    includes: spfRow?.includes ?? [],
    checkedAt: spfRow?.checkedAt ?? null,
    nextCheckAt: spfRow?.expiresAt ?? null,
    errors: spfRow?.errors ?? [],
  };
  const selectorsFound = selectorChecks.filter((c) => c.status === 'found').map((c) => c.selector);
  const decisionByKey = new Map(decisions.map((d) => [d.sourceKey, { decision: d.decision, label: d.label, by: d.decidedByLabel, at: d.decidedAt } satisfies TDecision]));

  const byVerdict = Object.fromEntries(VERDICTS.map((v) => [v, { sources: 0, messages: 0 }])) as TSenderMap['totals']['byVerdict'];
  let messages = 0;
  let namedMessages = 0;
  let pendingAddresses = 0;
  const sources = stats.map((s): TSenderMapSource => {
    const service = serviceById(s.serviceId);
    const guessedType = (SERVICE_TYPES as readonly string[]).includes(s.serviceType ?? '') ? (s.serviceType as TServiceType) : null;
    const decision = decisionByKey.get(s.key) ?? null;
    const verdict = decideVerdict({ domain: domain.name, stats: s, service, serviceType: guessedType, decision, spfIncludes: spf.includes, selectorsFound });
    const label = sourceLabel(s, service?.name ?? null, decision?.label ?? null);
    const advice = fixAdvice({
      domain: domain.name,
      label,
      stats: s,
      service,
      verdict,
      spf,
      includeCost: (inc) => {
        const row = includeCosts.get(inc);
        return row && row.status === 'ok' ? 1 + row.lookups : null;
      },
      servicesSeen,
      prefixes: s.key.startsWith('net:') ? [s.key.slice(4)] : undefined,
    }).items;
    messages += s.messages;
    if ((service && !NETWORK_TYPES.has(service.type)) || decision?.label) namedMessages += s.messages;
    pendingAddresses += s.pendingAddresses;
    byVerdict[verdict.verdict].sources += 1;
    byVerdict[verdict.verdict].messages += s.messages;
    return { ...s, label, serviceName: service?.name ?? null, type: service?.type ?? guessedType, typeGuessed: !service && guessedType !== null, verdict, advice, decision };
  });
  return { domain, window, sources, spf, totals: { messages, namedMessages, pendingAddresses, byVerdict } };
}
