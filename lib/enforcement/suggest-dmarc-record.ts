import { parseTagList } from '@/lib/dns';
import { readPublishedPolicy } from './published-policy';
import { mergeRua } from './stage-record';

export interface TDmarcSuggestion {
  name: string;
  value: string;
  /** published: the record as published (with the report address added); start: p=none. */
  basis: 'published' | 'start';
  /** The published record already sends reports to the report address: nothing to change. */
  unchanged: boolean;
  ruaMissing: boolean;
}

/**
 * What to publish at _dmarc.<domain> so that reports reach Atlas, from what the domain
 * publishes now: its own record with the report address added (a p=reject stays p=reject),
 * or a monitoring record when it has none.
 */
export function suggestDmarcRecord(domain: string, publishedRecord: string | null, ruaAddress: string | null): TDmarcSuggestion {
  const name = `_dmarc.${domain}`;
  const published = readPublishedPolicy(publishedRecord, domain);
  if (!published.record || !published.usable) {
    const rua = mergeRua(undefined, ruaAddress);
    return { name, value: `v=DMARC1; p=none; rua=${rua.uris.join(',')}`, basis: 'start', unchanged: false, ruaMissing: rua.missing };
  }
  const rua = mergeRua(published.tags.rua, ruaAddress);
  const value = rua.uris.join(',');
  const tags = parseTagList(published.record).tags.map((t) => ({ name: t.name.toLowerCase() === 'v' ? 'v' : t.name.toLowerCase(), value: t.value }));
  const unchanged = rua.missing ? false : published.tags.rua !== undefined && value === mergeRua(published.tags.rua, null).uris.join(',');
  const withRua = tags.some((t) => t.name === 'rua') ? tags.map((t) => (t.name === 'rua' ? { ...t, value } : t)) : [...tags, { name: 'rua', value }];
  return { name, value: unchanged ? published.record : withRua.map((t) => `${t.name}=${t.value}`).join('; '), basis: 'published', unchanged, ruaMissing: rua.missing };
}
