import type { DnsClient } from '@/lib/dns/dns-client';
import { finding, type TFinding } from '@/lib/dns/finding';
import { looksLikeDkimKey, parseDkimKey } from './parse-dkim-key';

export type TSelectorSource = 'given' | 'reports' | 'common';

export interface TDkimCheck {
  selector: string;
  /** <selector>._domainkey.<domain> */
  name: string;
  source: TSelectorSource;
  status: 'ok' | 'missing' | 'revoked' | 'invalid' | 'failed';
  /** CNAME targets followed, in order (a key delegated to the sending service). */
  cname: string[];
  record: string | null;
  tags: Record<string, string>;
  key_type: 'rsa' | 'ed25519' | null;
  key_bits: number | null;
  testing: boolean;
  findings: TFinding[];
}

const MAX_CNAME_HOPS = 8;

/** Where the key lives: the name, or the end of its CNAME chain. */
async function followCnames(client: DnsClient, name: string): Promise<{ chain: string[]; end: string; error: TFinding | null; missing: boolean }> {
  const chain: string[] = [];
  let current = name;
  for (let hop = 0; hop <= MAX_CNAME_HOPS; hop += 1) {
    const cname = await client.cname(current);
    if (cname.status === 'failed') return { chain, end: current, missing: false, error: finding('dkim.lookup_failed', `Looking up ${current} failed (${cname.message}); whether the key exists is unknown.`, 'Check that the DNS servers answer, then check again.') };
    if (cname.status === 'nxdomain') return { chain, end: current, missing: true, error: null };
    if (cname.status !== 'ok' || !cname.data[0]) return { chain, end: current, missing: false, error: null };
    const target = cname.data[0].toLowerCase().replace(/\.$/, '');
    if (chain.includes(target) || hop === MAX_CNAME_HOPS) {
      return { chain, end: current, missing: false, error: finding('dkim.cname_loop', `${name}: the CNAME chain ${[name, ...chain, target].join(' → ')} loops or is too long.`, 'Point the selector at the key the sending service gives, with one CNAME.') };
    }
    chain.push(target);
    current = target;
  }
  return { chain, end: current, missing: false, error: null };
}

/** The DKIM key at one selector of a domain: present, readable, strong enough, not revoked or testing. */
export async function checkDkimSelector(client: DnsClient, domain: string, selector: string, source: TSelectorSource = 'given'): Promise<TDkimCheck> {
  const name = `${selector}._domainkey.${domain}`;
  const result: TDkimCheck = { selector, name, source, status: 'missing', cname: [], record: null, tags: {}, key_type: null, key_bits: null, testing: false, findings: [] };
  const missing = (detail: string): TDkimCheck => ({
    ...result,
    findings: [finding('dkim.missing', `${name}: ${detail}; mail signed with s=${selector} fails DKIM.`, `Publish the key for selector "${selector}" as the sending service's setup gives it (a CNAME to the service, or a TXT "v=DKIM1; k=rsa; p=…").`)],
  });
  const chain = await followCnames(client, name);
  result.cname = chain.chain;
  if (chain.error) return { ...result, status: 'failed', findings: [chain.error] };
  if (chain.missing) return missing(chain.chain.length ? `the CNAME points to ${chain.end}, which does not exist` : 'no such name');
  const txt = await client.txt(chain.end);
  if (txt.status === 'failed') {
    return { ...result, status: 'failed', findings: [finding('dkim.lookup_failed', `Looking up the key at ${chain.end} failed (${txt.message}); whether it exists is unknown.`, 'Check that the DNS servers answer, then check again.')] };
  }
  const keys = txt.status === 'ok' ? txt.data.filter(looksLikeDkimKey) : [];
  if (keys.length === 0) return missing(txt.status === 'ok' && txt.data.length ? 'TXT records there, but none is a DKIM key' : 'no key record');
  if (keys.length > 1) {
    return { ...result, status: 'invalid', record: keys[0], findings: [finding('dkim.multiple_records', `${name}: ${keys.length} key records; verifiers may pick either or fail.`, 'Keep one key record per selector.')] };
  }
  const key = parseDkimKey(keys[0], name);
  const status = key.revoked ? 'revoked' : key.findings.some((f) => f.severity === 'error') ? 'invalid' : 'ok';
  return { ...result, status, record: keys[0], tags: key.tags, key_type: key.key_type, key_bits: key.key_bits, testing: key.testing, findings: key.findings };
}
