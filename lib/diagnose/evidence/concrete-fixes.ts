import type { TBounceCategory, TDomainEvidence, TIpHealthEvidence } from '@/lib/diagnose/types';

const pct = (x: number) => `${Math.round(x * 100)}%`;

/** Categories whose cause is the domain's own authentication (SPF, DKIM, DMARC). */
const AUTH: ReadonlySet<TBounceCategory> = new Set(['dmarc_policy', 'spf_fail', 'dkim_fail', 'authentication_required', 'sender_not_authorized', 'other']);
const SPF: ReadonlySet<TBounceCategory> = new Set(['dmarc_policy', 'spf_fail', 'authentication_required']);
const DKIM: ReadonlySet<TBounceCategory> = new Set(['dmarc_policy', 'dkim_fail', 'authentication_required']);
const IP: ReadonlySet<TBounceCategory> = new Set(['ip_reputation', 'no_reverse_dns']);

function sourceFixes(d: TDomainEvidence, ip: string | null, category: TBounceCategory): string[] {
  const s = d.source;
  if (!s) return [];
  const name = s.service && s.service !== s.label ? `${s.label} (${s.service})` : s.label;
  const rates = `${pct(s.dmarc_pass_rate)} of its ${Math.round(s.messages).toLocaleString('en-US')} messages passed DMARC from ${d.window.from} (SPF aligned ${pct(s.spf_aligned_rate)}, DKIM aligned ${pct(s.dkim_aligned_rate)})`;
  const at = ip ? `${ip} belongs to ${name} on the sender map of ${d.domain}` : `This mail came from ${name} on the sender map of ${d.domain}`;
  if (IP.has(category)) {
    // A hosting or access network owns the address but does not send: the server is the customer's.
    const provider = s.service && s.type !== null && s.type !== 'hosting' && s.type !== 'isp';
    return [
      provider
        ? `${at} (${s.verdict_label.toLowerCase()}): the address is ${s.service}'s, so ask ${s.service}'s support to delist it or move your mail to another address or pool — only the owner of an address can have it delisted.`
        : `${at} (${s.verdict_label.toLowerCase()}): the address is yours or your hosting provider's, so the steps below are yours to take.`,
    ];
  }
  switch (s.verdict) {
    case 'unknown':
      return [
        `${at}, which is not authorised: ${rates}. If it is yours, approve it on the sender map and set it up: ${s.advice.length ? s.advice.join(' ') : `publish its DKIM key for ${d.domain} and add it to the SPF record.`} If it is not yours, the bounce is DMARC doing its job.`,
      ];
    case 'authorised_failing':
      return [`${at}, an authorised source failing DMARC: ${rates}. ${s.advice.join(' ')}`.trim()];
    case 'forwarder':
      return [`${at}, a forwarder or mailing list: ${rates}. Forwarded mail keeps passing DMARC only through an aligned DKIM signature: make sure the original sender signs with d=${d.domain}.`];
    case 'authorised_passing':
      return [
        `${at}, which passes DMARC for most of its mail (${rates}): look for the stream that does not — a sub-account or form that sends without your DKIM key, a gateway that alters messages after signing, or mail forwarded on the way.`,
      ];
  }
}

function spfFixes(d: TDomainEvidence): string[] {
  const spf = d.spf;
  if (spf.status === 'none') return [`${d.domain} publishes no SPF record: publish one ("v=spf1 include:<each service> -all") listing every authorised source.`];
  if (spf.lookups > spf.limit || (spf.status === 'permerror' && spf.lookups >= spf.limit)) {
    const what = spf.flatten.length
      ? `flatten ${spf.flatten.map((inc) => {
          const cost = spf.includes.find((i) => i.include === inc)?.cost;
          return `include:${inc}${cost ? ` (${cost} lookups)` : ''}`;
        }).join(' and ')} into its ip4:/ip6: ranges, or move a sender to a subdomain with its own SPF record`
      : 'flatten the largest include into its ip4:/ip6: ranges, or move a sender to a subdomain with its own SPF record';
    return [`The SPF record of ${d.domain} needs ${spf.lookups} DNS lookups, over the limit of ${spf.limit}: every receiver gets a PermError, which counts as an SPF fail. To fix it, ${what}.`];
  }
  if (spf.status === 'permerror') return [`The SPF record of ${d.domain} is broken (PermError${spf.errors.length ? `: ${spf.errors.slice(0, 2).join('; ')}` : ''}): fix it, as receivers treat it as an SPF fail.`];
  return [];
}

function dkimFixes(d: TDomainEvidence): string[] {
  const source = d.source;
  if (!source || source.verdict === 'authorised_passing' || source.dkim_aligned_rate >= 0.95) return [];
  const ofService = new Set(source.selectors);
  const missing = d.dkim_selectors.filter((s) => s.status === 'missing' && ofService.has(s.selector)).map((s) => s.selector);
  if (missing.length === 0) return [];
  return [
    `No DKIM key is published at ${missing.slice(0, 3).map((s) => `${s}._domainkey.${d.domain}`).join(', ')}, where ${source.service ?? source.label} expects one: publish the CNAME or TXT records it gives you, then enable signing with d=${d.domain}.`,
  ];
}

function policyFact(d: TDomainEvidence, category: TBounceCategory): string[] {
  if (category !== 'dmarc_policy' || !d.dmarc) return [];
  const p = d.dmarc.p ?? 'none';
  if (p === 'none') {
    return [`${d.domain}'s published policy is p=none (as ${d.dmarc.reporter} last reported), so this rejection is the receiver's own rule for unauthenticated mail: fixing alignment for the source above is what helps.`];
  }
  return [
    `${d.domain} publishes p=${p}${d.dmarc.pct && d.dmarc.pct !== '100' ? ` pct=${d.dmarc.pct}` : ''} (as ${d.dmarc.reporter} last reported): receivers ${p === 'reject' ? 'reject' : 'quarantine'} every message that passes neither aligned SPF nor aligned DKIM. Fix the source before relaxing the policy; if you must, step back to p=quarantine or use pct/t=y for the time it takes.`,
  ];
}

function ipFixes(h: TIpHealthEvidence, category: TBounceCategory, domain: string | null): string[] {
  const out: string[] = [];
  for (const l of h.dnsbl.filter((x) => x.status === 'listed')) {
    out.push(`${h.ip} is listed on ${l.zone}${l.meanings.length ? ` (${l.meanings.join('; ')})` : ''}${l.txt ? `: "${l.txt}"` : ''}. Find and stop the cause (a compromised account, an open relay, a form sending spam), then request removal with that list.`);
  }
  const f = h.fcrdns;
  if (f.status === 'fail') out.push(`${h.ip} has no reverse DNS (no PTR record): ask whoever owns the address (hosting provider or ISP) to publish a PTR such as mail.${domain ?? 'your-domain'}, and an A/AAAA record for that name pointing back to ${h.ip}.`);
  if (f.status === 'mismatch') out.push(`The PTR name of ${h.ip} (${f.ptr ?? f.names[0]}) does not resolve back to ${h.ip}: add an ${h.ip.includes(':') ? 'AAAA' : 'A'} record for ${f.ptr ?? f.names[0]} pointing to ${h.ip}, so the reverse DNS is forward-confirmed.`);
  const errors = h.dnsbl.filter((x) => x.status === 'error');
  if (category === 'ip_reputation' && h.listed_on.length === 0 && f.status === 'pass' && errors.length === 0 && h.dnsbl.length > 0) {
    out.push(`${h.ip} is on none of the checked lists (${h.dnsbl.map((x) => x.zone).join(', ')}) and its reverse DNS is forward-confirmed: the block is the receiver's own list, so use the receiver's delisting form (the bounce names it).`);
  }
  if (errors.length > 0) out.push(`${errors.map((e) => e.zone).join(', ')} gave no usable answer (${errors[0].error ?? 'error'}): check ${h.ip} on the list's website, or query it through your own resolver (public resolvers are refused by Spamhaus).`);
  return out;
}

/**
 * The steps for this case from our own data, before the category's general ones: the source
 * the address belongs to and its service's own fix, the SPF include to flatten, missing DKIM
 * keys, the published policy, and the address's listings and reverse DNS.
 */
export function concreteFixes(category: TBounceCategory, domain: TDomainEvidence | null, ipHealth: TIpHealthEvidence | null, sendingIp: string | null): string[] {
  const out: string[] = [];
  if (ipHealth && IP.has(category)) out.push(...ipFixes(ipHealth, category, domain?.domain ?? null));
  if (domain) {
    if (AUTH.has(category) || IP.has(category)) out.push(...sourceFixes(domain, domain.address?.ip ?? sendingIp, category));
    out.push(...policyFact(domain, category));
    if (SPF.has(category)) out.push(...spfFixes(domain));
    if (DKIM.has(category)) out.push(...dkimFixes(domain));
  }
  return out;
}
