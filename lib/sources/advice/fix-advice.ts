import { baseDomain, ZDomainName } from '@/lib/platform/net';
import { matchSpfInclude } from '@/lib/sources/match-service';
import type { TSenderService } from '@/lib/sources/types';
import type { TVerdictResult, TVerdictStats } from '@/lib/sources/verdicts/decide-verdict';
import type { TAuthDomainVolume } from '@/lib/queries';

// Concrete fix advice for a source, specific to its service and to how its mail fails.
// Pure: the SPF facts come from the spf_cache rows the worker keeps fresh.

export const SPF_LOOKUP_LIMIT = 10;

export interface TDomainSpfFacts {
  /** ok | none | permerror | temperror (a lookup failed), or null when not looked up yet. */
  status: string | null;
  record: string | null;
  lookups: number;
  includes: readonly string[];
}

export interface TAdviceInput {
  domain: string;
  label: string;
  stats: TVerdictStats & { dkimDomains: TAuthDomainVolume[]; spfPassUnaligned: number };
  service: TSenderService | null;
  verdict: TVerdictResult;
  spf: TDomainSpfFacts;
  /** Lookups each include costs when added (1 + its own nested lookups), when known. */
  includeCost: (include: string) => number | null;
  /** Service ids seen sending for the domain in the window (to suggest includes to drop). */
  servicesSeen: ReadonlySet<string>;
  /** Network prefixes (/24, /48) of the source's addresses, busiest first, for own servers. */
  prefixes?: readonly string[];
}

export interface TAdvice {
  /** Short, for tables; the first item is the most important fix. */
  items: string[];
}

/**
 * Signing (d=) and envelope domains come from reports that anyone can mail in: only host names
 * are quoted back as advice ("call +1 555… now", "<img …>", "a@b" never reach a fix).
 */
const isHostName = (d: TAuthDomainVolume) => ZDomainName.safeParse(d.domain).success;

const pct = (x: number) => `${Math.round(x * 100)}%`;
const fill = (text: string, domain: string) => text.replaceAll('{domain}', domain);

/** Unaligned signing domain carrying most of the source's valid DKIM signatures, if any. */
function foreignSigner(domain: string, dkimDomains: TAuthDomainVolume[]): TAuthDomainVolume | null {
  const ours = baseDomain(domain);
  return dkimDomains.filter((d) => baseDomain(d.domain) !== ours && d.pass > 0).sort((a, b) => b.pass - a.pass)[0] ?? null;
}

/** What adding `include` does to the lookup count, and what to drop when it goes over. */
function spfIncludeAdvice(input: TAdviceInput, include: string, serviceName: string): string {
  const { spf, domain } = input;
  const cost = input.includeCost(include);
  if (spf.status === null) return `SPF include missing for ${serviceName}: add include:${include} to the SPF record of ${domain}.`;
  if (spf.status === 'none') return `${domain} publishes no SPF record: publish "v=spf1 include:${include} ~all" (plus your other senders).`;
  const after = spf.lookups + (cost ?? 1);
  const head = `SPF include missing for ${serviceName}: adding include:${include} would take the SPF record of ${domain} to ${cost === null ? 'at least ' : ''}${after} DNS lookups`;
  if (after <= SPF_LOOKUP_LIMIT) return `${head} (limit ${SPF_LOOKUP_LIMIT}): add it.`;
  const unused = spf.includes.filter((inc) => {
    const service = matchSpfInclude(inc);
    return service && !input.servicesSeen.has(service.id);
  });
  const drop = unused.length ? `drop ${unused.slice(0, 3).map((i) => `include:${i}`).join(', ')} (no mail from ${unused.length === 1 ? 'it' : 'them'} in this period)` : 'move senders to subdomains with their own SPF';
  return `${head}, over the limit of ${SPF_LOOKUP_LIMIT}: flatten the record or ${drop}.`;
}

export function fixAdvice(input: TAdviceInput): TAdvice {
  const { domain, stats, service, verdict } = input;
  const items: string[] = [];
  const m = Math.max(stats.messages, 1);
  const name = service?.name ?? input.label;

  if (verdict.verdict === 'forwarder') {
    items.push(`Nothing to fix at ${name}: forwarded mail keeps passing DMARC only through DKIM, so make sure every source signs with d=${domain}.`);
    return { items };
  }
  if (verdict.verdict === 'unknown') {
    if (verdict.authorisedBy === null && service && (service.advice.dkim || service.spf.length)) {
      items.push(`If ${domain} uses ${service.name}, approve this source, then: ${service.advice.dkim ? fill(service.advice.dkim, domain) : `add include:${service.spf[0]} to your SPF record.`}`);
    }
    items.push(`Not authorised: if this is yours, approve it; otherwise p=quarantine or p=reject will stop this mail.`);
    return { items };
  }
  if (verdict.verdict === 'authorised_passing') return { items };

  // Authorised but failing: say what fails, then how to fix it for this service.
  const dkimShare = stats.dkimAligned / m;
  const spfShare = stats.spfAligned / m;
  const dkimDomains = stats.dkimDomains.filter(isHostName);
  const signer = foreignSigner(domain, dkimDomains);
  const ownDkim = dkimDomains.find((d) => baseDomain(d.domain) === baseDomain(domain));
  if (dkimShare < 0.95) {
    let finding: string;
    if (signer && signer.pass >= stats.messages * 0.05) finding = `${name} signs ${pct(signer.pass / m)} of this mail with d=${signer.domain}, not ${domain}`;
    else if (ownDkim && ownDkim.messages - ownDkim.pass > m * 0.05) finding = `DKIM signatures with d=${ownDkim.domain} fail for ${pct((ownDkim.messages - ownDkim.pass) / m)} of ${name} mail (wrong or rotated key, or the message is altered on the way)`;
    else if (stats.dkimDomains.length === 0) finding = `${name} mail carries no DKIM signature`;
    else finding = `only ${pct(dkimShare)} of ${name} mail carries a valid DKIM signature aligned with ${domain}`;
    const fix = service?.advice.dkim ? fill(service.advice.dkim, domain) : `set up DKIM signing with d=${domain} in ${name} and publish its public key under <selector>._domainkey.${domain}.`;
    items.push(`${finding.charAt(0).toUpperCase()}${finding.slice(1)}: ${fix.charAt(0).toLowerCase()}${fix.slice(1)}`);
  }
  if (spfShare < 0.95) {
    const ourBase = baseDomain(domain);
    const returnPath = input.stats.spfDomains.filter(isHostName).sort((a, b) => b.messages - a.messages)[0];
    const returnPathOurs = returnPath ? baseDomain(returnPath.domain) === ourBase : false;
    const serviceInclude = service?.spf.find((inc) => !input.spf.includes.includes(inc));
    const alreadyIncluded = service?.spf.some((inc) => input.spf.includes.includes(inc));
    if (!returnPathOurs && returnPath && service?.advice.spf) {
      items.push(`SPF passes for ${returnPath.domain}, which is not ${domain}, so it cannot align: ${fill(service.advice.spf, domain)}`);
    } else if (returnPathOurs && serviceInclude && !alreadyIncluded) {
      items.push(spfIncludeAdvice(input, serviceInclude, name));
    } else if (returnPathOurs && !service) {
      const terms = (input.prefixes ?? []).slice(0, 2).map((p) => `${p.includes(':') ? 'ip6' : 'ip4'}:${p}`);
      const where = terms.length ? terms.join(' ') : 'its addresses';
      items.push(`SPF fails for ${returnPath.domain} from ${name}: if these are your servers, add ${where} to the SPF record of ${domain}${input.spf.status === 'ok' ? ` (now ${input.spf.lookups} lookups; ip4/ip6 cost none)` : ''}, or sign its mail with DKIM.`);
    } else if (service?.advice.spf && items.length === 0) {
      items.push(fill(service.advice.spf, domain));
    }
  }
  if (items.length === 0) items.push(`${pct(1 - verdict.passRate)} of ${name} mail fails DMARC: check which streams or sub-accounts send without your DKIM key (drill down to its addresses).`);
  return { items };
}
