import { z } from 'zod';
import { ZDomainName } from '@/lib/platform/net';
import { mapLimit } from '@/lib/platform/system';
import { createResolver, type TResolver } from '@/lib/platform/dns';
import { checkDkimSelector, type TDkimCheck, type TSelectorSource } from './dkim/check-dkim';
import { checkDmarc, type TDmarcCheck } from './dmarc/check-dmarc';
import { DnsClient, type TDnsLimits } from './dns-client';
import { finding, type TFinding } from './finding';
import { checkSpf, type TSpfCheck } from './spf/check-spf';

export interface TDnsCheck {
  domain: string;
  dmarc: TDmarcCheck;
  spf: TSpfCheck;
  /** Given and reported selectors always; common ones only where a key exists. */
  dkim: TDkimCheck[];
  /** Every finding of the sections above, plus the checker's own (dns.*, dkim.none_found). */
  findings: TFinding[];
}

export interface TDnsCheckOptions {
  /** Selectors the caller knows the domain uses (a missing key is an error). */
  selectors?: string[];
  /** Selectors seen in the domain's reports (a missing key is an error). */
  reportSelectors?: string[];
  /**
   * Selectors to probe when nobody said which ones the domain uses (the catalogue's, from
   * lib/sources: COMMON_DKIM_SELECTORS); only those with a key are listed.
   */
  commonSelectors?: readonly string[];
  /** Defaults to a resolver honouring ATLAS_DNS_SERVERS (lib/enrichment/resolver). */
  resolver?: TResolver;
  limits?: Partial<TDnsLimits>;
}

/** A DKIM selector as DNS carries it: labels of letters, digits, "-" and "_". */
export const ZSelector = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9_](?:[a-z0-9_-]{0,62})(?:\.[a-z0-9_](?:[a-z0-9_-]{0,62}))*$/, 'a DKIM selector is one or more DNS labels (letters, digits, "-", "_")');

const MAX_SELECTORS = 40;
const DKIM_CONCURRENCY = 4;

/** Normalised domain (IDN → punycode) or an Error naming the problem. */
export function normaliseCheckDomain(input: string): string {
  const parsed = ZDomainName.safeParse(input);
  if (!parsed.success) throw new Error(`${input}: ${parsed.error.issues[0]?.message ?? 'not a domain name'}`);
  return parsed.data;
}

/** Live DMARC, SPF and DKIM checks of one domain, each finding with a code and a fix. */
export async function checkDomainDns(input: string, options: TDnsCheckOptions = {}): Promise<TDnsCheck> {
  const domain = normaliseCheckDomain(input);
  const client = new DnsClient(options.resolver ?? createResolver(), options.limits);
  const wanted = new Map<string, TSelectorSource>();
  for (const s of options.selectors ?? []) wanted.set(ZSelector.parse(s), 'given');
  for (const s of options.reportSelectors ?? []) {
    const parsed = ZSelector.safeParse(s); // from reports: anyone's text, skipped when not a selector
    if (parsed.success && !wanted.has(parsed.data)) wanted.set(parsed.data, 'reports');
  }
  for (const s of options.commonSelectors ?? []) if (!wanted.has(s)) wanted.set(s, 'common');
  const selectors = [...wanted].slice(0, MAX_SELECTORS);

  const [dmarc, spf, probed] = await Promise.all([
    checkDmarc(client, domain),
    checkSpf(client, domain),
    mapLimit(selectors, DKIM_CONCURRENCY, ([selector, source]) => checkDkimSelector(client, domain, selector, source)),
  ]);
  const dkim = probed.filter((d) => d.source !== 'common' || (d.status !== 'missing' && d.status !== 'failed'));
  const findings = [...dmarc.findings, ...spf.findings, ...dkim.flatMap((d) => d.findings)];
  if (dkim.length === 0) {
    findings.push(
      finding(
        'dkim.none_found',
        `No DKIM key found at the ${selectors.length} common selectors probed, and no selector was given or seen in reports.`,
        'Give the selectors your senders use (atlas dns check DOMAIN --selector S); once reports arrive, their selectors are checked too.',
      ),
    );
  }
  findings.push(...client.findings);
  return { domain, dmarc, spf, dkim, findings };
}
