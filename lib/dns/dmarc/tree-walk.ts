import type { DnsClient } from '@/lib/dns/dns-client';
import { parseTagList, tagMap } from '@/lib/dns/tag-list';
import { isDmarcRecord } from './parse-dmarc';

// The DMARCbis DNS tree walk (RFC 9989 section 4.10): the policy and organisational domain
// are found by querying _dmarc at the domain and then at each parent, at most 8 queries,
// instead of reading the Public Suffix List as RFC 7489 does.

export interface TWalkStep {
  name: string;
  result: 'record' | 'none' | 'multiple' | 'failed';
  record: string | null;
  psd: 'y' | 'n' | 'u';
}

export interface TTreeWalk {
  steps: TWalkStep[];
  /** By section 4.10.2; null when the walk found no record (or could not finish). */
  organizational_domain: string | null;
  /** The record that applies to the domain: its own, its organisational domain's, or its PSD's. */
  policy: { name: string; record: string; source: 'domain' | 'organizational' | 'psd' } | null;
  /** A lookup failed: nothing is concluded from the names after it. */
  failed: string | null;
}

/** The names queried, in order: the domain; then, from at most 7 labels, one label less each time. */
export function treeWalkTargets(domain: string): string[] {
  const labels = domain.split('.');
  const targets = [domain];
  for (let n = Math.min(labels.length - 1, 7); n >= 1; n -= 1) targets.push(labels.slice(labels.length - n).join('.'));
  return targets;
}

function psdOf(record: string): 'y' | 'n' | 'u' {
  const psd = tagMap(parseTagList(record)).psd?.toLowerCase();
  return psd === 'y' || psd === 'n' ? psd : 'u';
}

function oneLabelBelow(domain: string, ancestor: string): string {
  const labels = domain.split('.');
  return labels.slice(Math.max(0, labels.length - ancestor.split('.').length - 1)).join('.');
}

export async function walkDmarcTree(client: DnsClient, domain: string): Promise<TTreeWalk> {
  const steps: TWalkStep[] = [];
  let failed: string | null = null;
  for (const name of treeWalkTargets(domain)) {
    const txt = await client.txt(`_dmarc.${name}`);
    if (txt.status === 'failed') {
      steps.push({ name, result: 'failed', record: null, psd: 'u' });
      failed = txt.message;
      break;
    }
    const records = txt.status === 'ok' ? txt.data.filter(isDmarcRecord) : [];
    const step: TWalkStep =
      records.length === 1
        ? { name, result: 'record', record: records[0], psd: psdOf(records[0]) }
        : { name, result: records.length ? 'multiple' : 'none', record: null, psd: 'u' };
    steps.push(step);
    if (step.psd !== 'u') break; // sections 4.10 steps 2 and 6: psd=y or psd=n ends the walk
  }
  if (failed) return { steps, organizational_domain: null, policy: null, failed };

  const found = steps.filter((s) => s.result === 'record');
  const explicitOrg = found.find((s) => s.psd === 'n' || (s.psd === 'y' && s.name !== domain));
  const org = explicitOrg ? (explicitOrg.psd === 'n' ? explicitOrg.name : oneLabelBelow(domain, explicitOrg.name)) : (found.at(-1)?.name ?? null);

  const at = (name: string | null) => found.find((s) => s.name === name);
  const own = at(domain);
  const orgStep = org !== domain ? at(org) : undefined;
  const psdStep = found.find((s) => s.psd === 'y' && s.name !== domain);
  const policy = own
    ? { name: own.name, record: own.record!, source: 'domain' as const }
    : orgStep
      ? { name: orgStep.name, record: orgStep.record!, source: 'organizational' as const }
      : psdStep
        ? { name: psdStep.name, record: psdStep.record!, source: 'psd' as const }
        : null;
  return { steps, organizational_domain: org, policy, failed: null };
}
