import type { TAccessScope } from '@/lib/access';
import { dayWindow, formatDay } from '@/lib/platform/dates';
import { getLatestReportedPolicy, listAddressSources, listDkimSelectorChecks, listSpfIncludeCosts, type TAddressSource } from '@/lib/queries';
import { buildSenderMap, serviceById, SPF_LOOKUP_LIMIT, VERDICT_LABELS, type TSenderMapSource } from '@/lib/sources';
import type { TDomainEvidence } from '@/lib/diagnose/types';

/** Days of reports the evidence looks at. */
export const EVIDENCE_DAYS = 30;

const rate = (part: number, whole: number) => (whole > 0 ? Math.round((part / whole) * 10_000) / 10_000 : 0);

/** Includes to flatten, most expensive first, until the record fits the limit (each flattened one costs 0). */
export function includesToFlatten(lookups: number, includes: ReadonlyArray<{ include: string; cost: number | null }>, limit = SPF_LOOKUP_LIMIT): string[] {
  let over = lookups - limit;
  const out: string[] = [];
  for (const inc of includes) {
    if (over <= 0) break;
    if (!inc.cost || inc.cost < 2) continue; // flattening a leaf include saves 1 and costs upkeep
    out.push(inc.include);
    over -= inc.cost;
  }
  return out;
}

function sourceEvidence(s: TSenderMapSource): NonNullable<TDomainEvidence['source']> {
  return {
    key: s.key,
    label: s.label,
    service: s.serviceName,
    type: s.type,
    verdict: s.verdict.verdict,
    verdict_label: VERDICT_LABELS[s.verdict.verdict],
    reasons: s.verdict.reasons,
    messages: s.messages,
    dmarc_pass_rate: rate(s.dmarcPass, s.messages),
    spf_aligned_rate: rate(s.spfAligned, s.messages),
    dkim_aligned_rate: rate(s.dkimAligned, s.messages),
    dkim_domains: s.dkimDomains,
    spf_domains: s.spfDomains,
    selectors: serviceById(s.serviceId)?.selectors ?? [],
    advice: s.advice,
    addresses: s.addresses,
    first_day: s.firstDay,
    last_day: s.lastDay,
  };
}

function addressEvidence(a: TAddressSource, foundBy: 'sending_ip' | 'received'): NonNullable<TDomainEvidence['address']> {
  return {
    ip: a.ip,
    found_by: foundBy,
    messages: a.messages,
    dmarc_pass_rate: rate(a.dmarcPass, a.messages),
    spf_aligned_rate: rate(a.spfAligned, a.messages),
    dkim_aligned_rate: rate(a.dkimAligned, a.messages),
    spf_pass_rate: rate(a.spfPass, a.messages),
    dkim_pass_rate: rate(a.dkimPass, a.messages),
    ptr: a.ptr,
    ptr_confirmed: a.ptrConfirmed,
    first_day: a.firstDay,
    last_day: a.lastDay,
  };
}

/**
 * What the caller's stored reports and DNS caches say about one of its domains and the address
 * a bounce came from: the sender-map source and its verdict, alignment and pass rate over the
 * last 30 days, the policy receivers saw, the SPF lookup count with what to flatten, and the
 * DKIM selectors. Reads only, each through a scoped query.
 */
export async function domainEvidence(
  scope: TAccessScope,
  domain: { id: number; name: string },
  input: { senderDomain: string; sendingIp: string | null; receivedIps: readonly string[]; now: Date },
): Promise<{ evidence: TDomainEvidence; notes: string[] }> {
  const window = dayWindow({ days: EVIDENCE_DAYS }, input.now);
  const candidates = [...new Set([input.sendingIp, ...input.receivedIps].filter((ip): ip is string => !!ip))].slice(0, 20);
  const [map, rows, policy, includes, selectors] = await Promise.all([
    buildSenderMap(scope, domain, window),
    listAddressSources(scope, domain.id, window, { ips: candidates }),
    getLatestReportedPolicy(scope, domain.id),
    listSpfIncludeCosts(scope, domain.id),
    listDkimSelectorChecks(scope, domain.id),
  ]);
  const notes: string[] = [];
  // The address the bounce names wins; else the newest hop of the Received chain that we know.
  const byIp = new Map(rows.map((r) => [r.ip, r]));
  const foundIp = candidates.find((ip) => byIp.has(ip)) ?? null;
  const address = foundIp ? byIp.get(foundIp)! : null;
  const source = address ? (map.sources.find((s) => s.key === address.sourceKey) ?? null) : null;
  const to = formatDay(window.end);
  const from = formatDay(window.start);
  if (!address) {
    if (candidates.length === 0) notes.push('The bounce names no sending IP, so the message cannot be matched to a source on the sender map.');
    else notes.push(`${candidates.slice(0, 3).join(', ')} sent no mail as ${domain.name} in the aggregate reports from ${from} to ${to} (exclusive): a new or rarely used source, or the reports have not arrived yet (receivers send them a day later).`);
  } else if (input.sendingIp && foundIp !== input.sendingIp) {
    notes.push(`${input.sendingIp} is not in the reports for ${domain.name}; ${foundIp}, from the returned message's Received headers, is.`);
  }
  if (!policy) notes.push(`No aggregate report for ${domain.name} has arrived yet: the published policy and pass rates are unknown.`);
  if (map.spf.status === null) notes.push(`The SPF record of ${domain.name} has not been looked up yet (the worker does within minutes).`);
  return {
    evidence: {
      domain: domain.name,
      sender_domain: input.senderDomain,
      window: { from, to },
      dmarc: policy
        ? { p: policy.p, sp: policy.sp, pct: policy.pct, adkim: policy.adkim, aspf: policy.aspf, reporter: policy.reporter, seen_at: policy.reportedAt.toISOString() }
        : null,
      spf: {
        status: map.spf.status,
        record: map.spf.record,
        lookups: map.spf.lookups,
        limit: SPF_LOOKUP_LIMIT,
        errors: map.spf.errors,
        checked_at: map.spf.checkedAt?.toISOString() ?? null,
        includes: includes.map((i) => ({ include: i.include, cost: i.cost })),
        flatten: includesToFlatten(map.spf.lookups, includes),
      },
      dkim_selectors: selectors.map((s) => ({ selector: s.selector, status: s.status, target: s.target })),
      source: source ? sourceEvidence(source) : null,
      address: address ? addressEvidence(address, foundIp === input.sendingIp ? 'sending_ip' : 'received') : null,
    },
    notes,
  };
}
