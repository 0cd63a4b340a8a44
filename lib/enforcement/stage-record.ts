import { parseDmarcUri } from '@/lib/dns';
import { classifyPublished, effectivePolicies, type TPublishedPolicy } from './published-policy';
import { STAGE_INFO, type TStage } from './stages';

export const RUA_PLACEHOLDER = 'mailto:<your Atlas report address>';

export interface TStageRecord {
  /** Where to publish it: _dmarc.<domain>. */
  name: string;
  /** The TXT value. */
  value: string;
  /** No report address anywhere: neither in the published record nor ATLAS_RUA_ADDRESS. */
  ruaMissing: boolean;
}

/** Tags of the published record kept as they are (report settings, alignment, PSD flag). */
const KEPT = ['ruf', 'adkim', 'aspf', 'fo', 'psd'] as const;
const VALID_KEPT: Record<(typeof KEPT)[number], RegExp> = {
  ruf: /^[^;]{1,1000}$/,
  adkim: /^[rs]$/i,
  aspf: /^[rs]$/i,
  fo: /^[01ds](:[01ds])*$/i,
  psd: /^[ynu]$/i,
};

/** The published rua URIs that parse, plus the organisation's report address when missing. */
export function mergeRua(published: string | undefined, ruaAddress: string | null): { uris: string[]; missing: boolean } {
  const uris = (published ?? '')
    .split(',')
    .map((u) => u.trim())
    .filter((u) => u && !parseDmarcUri(u).error)
    .slice(0, 10);
  if (ruaAddress && !uris.some((u) => parseDmarcUri(u).address?.toLowerCase() === ruaAddress.toLowerCase())) uris.push(`mailto:${ruaAddress}`);
  if (uris.length === 0) return { uris: [RUA_PLACEHOLDER], missing: true };
  return { uris, missing: false };
}

/**
 * The record for `stage`, built on what is published: the report addresses, ruf, alignment
 * and fo are kept; the organisation's rua is added; pct/t/rf/ri and unknown tags are replaced.
 * Subdomains keep the policy in effect (never weaker) until the subdomain stage, which lets sp
 * and np inherit reject.
 */
export function stageRecord(stage: TStage, domain: string, published: TPublishedPolicy, options: { ruaAddress: string | null; testingPct: number }): TStageRecord {
  const info = STAGE_INFO[stage];
  const tags: string[] = ['v=DMARC1', `p=${info.p}`];
  if (stage !== 'subdomains') {
    const current = classifyPublished(published) === 'unpublished' ? { p: 'none', sp: 'none', np: 'none' } : effectivePolicies(published);
    if (current.sp !== info.p) tags.push(`sp=${current.sp}`);
    if (current.np !== current.sp) tags.push(`np=${current.np}`);
  }
  if (info.testing) tags.push(`pct=${options.testingPct}`, 't=y');
  const rua = mergeRua(published.tags.rua, options.ruaAddress);
  tags.push(`rua=${rua.uris.join(',')}`);
  for (const tag of KEPT) {
    const value = published.tags[tag];
    if (value !== undefined && VALID_KEPT[tag].test(value.trim())) tags.push(`${tag}=${value.trim()}`);
  }
  return { name: `_dmarc.${domain}`, value: tags.join('; '), ruaMissing: rua.missing };
}

/** Whether the published record puts the domain exactly at `stage`. */
export function publishedMatches(stage: TStage, published: TPublishedPolicy): boolean {
  return classifyPublished(published) === stage;
}
