import { baseDomain } from '@/lib/platform/net';
import type { DnsClient } from '@/lib/dns/dns-client';
import { finding, type TFinding } from '@/lib/dns/finding';
import { isDmarcRecord, looksLikeDmarc, parseDmarc, type TParsedDmarc } from './parse-dmarc';
import { checkReportDestinations, type TReportDestination } from './report-destinations';
import { walkDmarcTree, type TWalkStep } from './tree-walk';

export interface TDmarcCheck {
  /** The record checked: the domain's own (even when broken), else the one it inherits, else null. */
  record: string | null;
  /** Lower-case tag name → value of `record`. */
  tags: Record<string, string>;
  /** Where `record` is published. */
  policy_domain: string | null;
  inherited: boolean;
  /** Every DMARC-looking TXT string at _dmarc.<domain>. */
  records: string[];
  organizational_domain: { tree_walk: string | null; psl: string | null };
  walk: TWalkStep[];
  report_destinations: TReportDestination[];
  findings: TFinding[];
}

const START_RECORD = 'v=DMARC1; p=none; rua=mailto:<your report address>';

export async function checkDmarc(client: DnsClient, domain: string): Promise<TDmarcCheck> {
  const findings: TFinding[] = [];
  const own = await client.txt(`_dmarc.${domain}`);
  const texts = own.status === 'ok' ? own.data : [];
  const records = texts.filter(looksLikeDmarc);
  const usableRecords = texts.filter(isDmarcRecord);
  const walk = await walkDmarcTree(client, domain);
  const psl = baseDomain(domain);
  const result: TDmarcCheck = {
    record: null, tags: {}, policy_domain: null, inherited: false, records, organizational_domain: { tree_walk: walk.organizational_domain, psl }, walk: walk.steps, report_destinations: [], findings,
  };
  if (own.status === 'failed') {
    findings.push(finding('dmarc.lookup_failed', `Looking up _dmarc.${domain} failed (${own.message}); whether a record exists is unknown.`, 'Check that the DNS servers of the domain answer, then check again.'));
    return result;
  }
  if (walk.failed) {
    findings.push(finding('dmarc.lookup_failed', `The DMARC tree walk could not finish (${walk.failed}); the organisational domain is unknown.`, 'Check that the DNS servers of the parent domains answer, then check again.'));
  }

  let parsed: TParsedDmarc | null = null;
  if (usableRecords.length > 1) {
    findings.push(finding('dmarc.multiple_records', `_dmarc.${domain} has ${usableRecords.length} DMARC records; receivers ignore all of them.`, 'Delete all but one DMARC record.'));
  } else if (records.length) {
    const record = usableRecords[0] ?? records[0];
    parsed = parseDmarc(record, domain);
    Object.assign(result, { record, tags: parsed.tags, policy_domain: domain });
    findings.push(...parsed.findings);
  }

  const parent = walk.policy && walk.policy.source !== 'domain' ? walk.policy : null;
  if (parent && (!parsed || !parsed.usable)) {
    if (!parsed && usableRecords.length <= 1) {
      parsed = parseDmarc(parent.record, parent.name, { inherited: true });
      Object.assign(result, { record: parent.record, tags: parsed.tags, policy_domain: parent.name, inherited: true });
      findings.push(...parsed.findings);
    }
    const sp = parsed?.tags.sp ?? parsed?.tags.p;
    findings.push(
      finding(
        'dmarc.inherited',
        `${records.length ? 'Receivers ignore the record at' : 'There is no record at'} _dmarc.${domain}; the record of ${parent.name} applies${result.inherited && sp ? ` (its subdomain policy: ${sp})` : ''}.`,
        `Publish a record at _dmarc.${domain} if this domain needs a policy of its own.`,
      ),
    );
  } else if (!records.length && !walk.failed) {
    findings.push(finding('dmarc.missing', `No DMARC record at _dmarc.${domain} nor at any parent domain.`, `Publish TXT "${START_RECORD}" at _dmarc.${domain}.`));
  }

  if (walk.organizational_domain && psl && walk.organizational_domain !== psl) {
    findings.push(
      finding(
        'dmarc.org_domain_mismatch',
        `RFC 7489 receivers (Public Suffix List) take ${psl} as the organisational domain, DMARCbis receivers (DNS tree walk) take ${walk.organizational_domain}: relaxed alignment and inherited policy can differ between them.`,
        'Publish psd=n in the record of the domain that is your organisational domain.',
      ),
    );
  }
  if (parsed?.usable && result.policy_domain) {
    const checked = await checkReportDestinations(client, result.policy_domain, parsed);
    result.report_destinations = checked.destinations;
    findings.push(...checked.findings);
  }
  return result;
}
