import { parse as parseDomain } from 'tldts';
import { finding, type TFinding } from '@/lib/dns/finding';
import { parseTagList, tagMap } from '@/lib/dns/tag-list';
import { parseDmarcUriList, type TDmarcUri } from './dmarc-uri';

// Syntax and semantics of one DMARC record, RFC 7489 and DMARCbis (RFC 9989) side by side:
// a record that works for both is the goal, so tags DMARCbis dropped are flagged with what
// to publish for it while RFC 7489 receivers still read them.

export interface TParsedDmarc {
  /** Lower-case tag name → value as written. */
  tags: Record<string, string>;
  /** False when receivers discard the record (no v=DMARC1 first). */
  usable: boolean;
  rua: TDmarcUri[];
  ruf: TDmarcUri[];
  findings: TFinding[];
}

const POLICIES = ['none', 'quarantine', 'reject'] as const;
const STRENGTH: Record<string, number> = { none: 0, quarantine: 1, reject: 2 };
const KEYWORD_TAGS = new Set(['p', 'sp', 'np', 't', 'psd', 'adkim', 'aspf', 'fo', 'rf']);
const KNOWN_TAGS = new Set(['v', 'p', 'sp', 'np', 'pct', 't', 'psd', 'rua', 'ruf', 'adkim', 'aspf', 'fo', 'rf', 'ri']);

const VALID: Record<string, { test: (v: string) => boolean; expected: string }> = {
  p: { test: (v) => (POLICIES as readonly string[]).includes(v), expected: 'none, quarantine or reject' },
  sp: { test: (v) => (POLICIES as readonly string[]).includes(v), expected: 'none, quarantine or reject' },
  np: { test: (v) => (POLICIES as readonly string[]).includes(v), expected: 'none, quarantine or reject' },
  pct: { test: (v) => /^\d{1,3}$/.test(v) && Number(v) <= 100, expected: 'a whole number from 0 to 100' },
  t: { test: (v) => v === 'y' || v === 'n', expected: 'y or n' },
  psd: { test: (v) => ['y', 'n', 'u'].includes(v), expected: 'y, n or u' },
  adkim: { test: (v) => v === 'r' || v === 's', expected: 'r or s' },
  aspf: { test: (v) => v === 'r' || v === 's', expected: 'r or s' },
  fo: { test: (v) => v.split(':').every((o) => ['0', '1', 'd', 's'].includes(o.trim())), expected: 'options 0, 1, d, s separated by ":"' },
  rf: { test: (v) => v.split(':').every((o) => o.trim() === 'afrf'), expected: 'afrf' },
  ri: { test: (v) => /^\d{1,10}$/.test(v) && Number(v) <= 4_294_967_295, expected: 'a number of seconds' },
};

/**
 * True for a TXT string receivers take as a DMARC record (RFC 7489 6.6.3: "v=DMARC1" first).
 * Case-insensitive like most receivers; parseDmarc flags a version not in upper case.
 */
export function isDmarcRecord(txt: string): boolean {
  return /^v\s*=\s*DMARC1\s*(;|$)/i.test(txt.trim());
}

/** True for a TXT string someone meant as a DMARC record, valid or not. */
export function looksLikeDmarc(txt: string): boolean {
  return /(^|;)\s*v\s*=\s*dmarc/i.test(txt) || /(^|;)\s*p\s*=\s*(none|quarantine|reject)\b/i.test(txt);
}

function uriFindings(tag: 'rua' | 'ruf', uris: TDmarcUri[]): TFinding[] {
  return uris.flatMap((u) => {
    if (u.error) return [finding('dmarc.uri_invalid', `${tag}: "${u.uri}": ${u.error}.`, `Write each address as mailto:name@domain, separated by commas, e.g. ${tag}=mailto:dmarc@example.com.`)];
    if (u.scheme !== 'mailto') return [finding('dmarc.uri_scheme', `${tag}: "${u.uri}" uses ${u.scheme}:, which receivers do not send reports to.`, 'Use a mailto: address.')];
    return [];
  });
}

function policyFindings(tags: Record<string, string>, lower: (k: string) => string | undefined, inherited: boolean): TFinding[] {
  const out: TFinding[] = [];
  // A subdomain under a parent's record gets the parent's sp= (falling back to p=).
  const p = inherited ? (lower('sp') ?? lower('p')) : lower('p');
  const sp = lower('sp');
  const np = lower('np');
  const valid = (v: string | undefined) => v !== undefined && v in STRENGTH;
  if (p === undefined) {
    out.push(finding('dmarc.p_missing', 'The record has no p= tag; receivers treat it as p=none at best (when rua= is valid) or ignore it.', 'Add p=none to start monitoring (then move to quarantine and reject).'));
  } else if (p === 'none') {
    out.push(finding('dmarc.policy_none', 'p=none: receivers only report; mail failing DMARC, spoofed mail included, is delivered.', 'When the reports show your legitimate senders pass, move to p=quarantine (with t=y first), then p=reject.'));
  }
  if (inherited) return out.concat(pctFindings(tags, lower));
  if (valid(p) && valid(sp) && STRENGTH[sp!] < STRENGTH[p!]) {
    out.push(finding('dmarc.sp_weaker', `sp=${sp} is weaker than p=${p}: mail from subdomains can be spoofed.`, `Set sp=${p} unless a subdomain still has unauthenticated senders.`));
  }
  const subPolicy = valid(sp) ? sp! : p;
  if (valid(np) && valid(subPolicy) && STRENGTH[np!] < STRENGTH[subPolicy!]) {
    out.push(finding('dmarc.np_weaker', `np=${np} is weaker than the subdomain policy ${subPolicy}: mail from names that do not exist is treated more leniently.`, `Set np=reject (names that do not exist send no legitimate mail).`));
  }
  if (lower('t') === 'y' && valid(p) && p !== 'none') {
    out.push(finding('dmarc.testing', `t=y: DMARCbis receivers apply the next lower policy (${p === 'reject' ? 'quarantine' : 'none'}) while you test.`, 'Remove t=y when the reports show no legitimate mail failing.'));
  }
  return out.concat(pctFindings(tags, lower));
}

function pctFindings(tags: Record<string, string>, lower: (k: string) => string | undefined): TFinding[] {
  const out: TFinding[] = [];
  const pct = tags.pct !== undefined && VALID.pct.test(tags.pct) ? Number(tags.pct) : null;
  if (pct !== null && pct < 100) {
    out.push(
      lower('t') === 'y'
        ? finding('dmarc.pct_transition', `pct=${pct} with t=y: RFC 7489 receivers apply the policy to ${pct}% of failing mail, DMARCbis receivers read t=y.`, 'Keep both until you leave the testing stage; then remove pct and t.')
        : finding('dmarc.pct_deprecated', `pct=${pct}: DMARCbis removed pct, so its receivers apply the policy to all failing mail.`, `Add t=y (DMARCbis testing mode); keep pct=${pct} for RFC 7489 receivers during the transition.`),
    );
  } else if (pct === 100) {
    out.push(finding('dmarc.pct_redundant', 'pct=100 is the default and DMARCbis removed the tag.', 'Remove pct=100.'));
  }
  return out;
}

/**
 * `domain` is where the record is published. With `inherited`, the record is a parent's
 * applying to a subdomain: its sp= is the policy that matters and the sp/np comparisons are
 * the parent's business.
 */
export function parseDmarc(record: string, domain: string, options: { inherited?: boolean } = {}): TParsedDmarc {
  const list = parseTagList(record);
  const tags = tagMap(list);
  const findings: TFinding[] = [];
  const firstPart = record.split(';').map((s) => s.trim()).find(Boolean) ?? '';
  const versionFirst = /^v\s*=/i.test(firstPart);
  let usable = true;
  if (!('v' in tags)) {
    usable = false;
    findings.push(finding('dmarc.version_missing', 'The record has no v=DMARC1 tag, so receivers ignore it.', `Start the record with v=DMARC1; e.g. "v=DMARC1; ${record.trim().replace(/^;\s*/, '')}".`));
  } else if (!versionFirst) {
    usable = false;
    findings.push(finding('dmarc.version_not_first', 'v=DMARC1 is not the first tag, so receivers ignore the record.', 'Move v=DMARC1 to the start of the record.'));
  } else if (tags.v !== 'DMARC1') {
    usable = false;
    findings.push(finding('dmarc.version_invalid', `v=${tags.v}: the version must be exactly "DMARC1" (upper case); receivers following the RFC ignore the record.`, 'Write v=DMARC1.'));
  }
  if (list.malformed.length) {
    findings.push(finding('dmarc.syntax', `Not tag=value: ${list.malformed.map((m) => `"${m}"`).join(', ')}.`, 'Separate tags with ";" and write each as name=value, e.g. "v=DMARC1; p=none; rua=mailto:dmarc@example.com".'));
  }
  for (const name of list.duplicates) {
    findings.push(finding('dmarc.duplicate_tag', `${name}= appears more than once; receivers may reject the record.`, `Keep one ${name}= tag.`));
  }
  const upper = [
    ...list.tags.filter((t) => t.name !== t.name.toLowerCase()).map((t) => `${t.name}=`),
    ...list.tags.filter((t) => KEYWORD_TAGS.has(t.name.toLowerCase()) && t.value !== t.value.toLowerCase()).map((t) => `${t.name}=${t.value}`),
  ];
  if (upper.length) findings.push(finding('dmarc.case', `Not in lower case: ${upper.join(', ')}; strict receivers reject it.`, 'Write tag names and keywords in lower case (v=DMARC1 stays upper case).'));

  const lower = (k: string) => (tags[k] === undefined ? undefined : tags[k].toLowerCase());
  for (const [name, rule] of Object.entries(VALID)) {
    const value = lower(name);
    if (value !== undefined && !rule.test(value)) {
      findings.push(finding('dmarc.invalid_value', `${name}=${tags[name]} is not valid (expected ${rule.expected}).`, name === 'p' ? 'Use p=none, p=quarantine or p=reject.' : `Set ${name}= to ${rule.expected}, or remove it.`));
    }
  }
  for (const t of list.tags) {
    const name = t.name.toLowerCase();
    if (!KNOWN_TAGS.has(name)) findings.push(finding('dmarc.unknown_tag', `Unknown tag ${t.name}=${t.value}; receivers ignore it.`, `Remove ${t.name}= (a typo of a known tag?).`));
  }
  findings.push(...policyFindings(tags, lower, options.inherited === true));
  const deprecated = ['rf', 'ri'].filter((k) => k in tags);
  if (deprecated.length) {
    findings.push(finding('dmarc.tag_deprecated', `${deprecated.map((k) => `${k}=`).join(' and ')} ${deprecated.length > 1 ? 'are' : 'is'} gone in DMARCbis; receivers ignore ${deprecated.length > 1 ? 'them' : 'it'}.`, `Remove ${deprecated.map((k) => `${k}=`).join(' and ')}.`));
  }
  if (!options.inherited && lower('psd') === 'y' && parseDomain(domain, { allowPrivateDomains: true }).publicSuffix !== domain) {
    findings.push(finding('dmarc.psd_unexpected', `psd=y declares ${domain} a public suffix domain: DMARCbis receivers then treat each child as its own organisation.`, 'Remove psd=y unless you operate a public suffix (a registry).'));
  }
  const rua = tags.rua !== undefined ? parseDmarcUriList(tags.rua) : [];
  const ruf = tags.ruf !== undefined ? parseDmarcUriList(tags.ruf) : [];
  findings.push(...uriFindings('rua', rua), ...uriFindings('ruf', ruf));
  if (!rua.some((u) => !u.error)) {
    findings.push(finding('dmarc.rua_missing', 'No usable rua= address: nobody receives the aggregate reports this dashboard reads.', 'Add rua=mailto:<your report address>.'));
  }
  if ('fo' in tags && !ruf.length) findings.push(finding('dmarc.fo_without_ruf', 'fo= only affects failure reports, and the record has no ruf=.', 'Remove fo= or add ruf=.'));
  return { tags, usable, rua, ruf, findings };
}
