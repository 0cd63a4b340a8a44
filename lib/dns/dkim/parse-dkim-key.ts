import { finding, type TFinding } from '@/lib/dns/finding';
import { parseTagList, tagMap } from '@/lib/dns/tag-list';
import { readPublicKey } from './public-key';

// A DKIM key record (RFC 6376 section 3.6.1): v, k, p, t, h, s, n.

export interface TDkimKey {
  tags: Record<string, string>;
  key_type: 'rsa' | 'ed25519' | null;
  key_bits: number | null;
  revoked: boolean;
  testing: boolean;
  findings: TFinding[];
}

/** True for a TXT string meant as a DKIM key record. */
export function looksLikeDkimKey(txt: string): boolean {
  return /^\s*v\s*=\s*DKIM1/i.test(txt) || /(^|;)\s*p\s*=/i.test(txt);
}

export function parseDkimKey(record: string, where: string): TDkimKey {
  const list = parseTagList(record);
  const tags = tagMap(list);
  const findings: TFinding[] = [];
  const result: TDkimKey = { tags, key_type: null, key_bits: null, revoked: false, testing: false, findings };
  if (list.malformed.length || list.duplicates.length) {
    const parts = [...list.malformed.map((m) => `"${m}" is not tag=value`), ...list.duplicates.map((d) => `${d}= appears twice`)];
    findings.push(finding('dkim.syntax', `${where}: ${parts.join('; ')}; verifiers may reject the key.`, 'Publish the record exactly as the sending service gives it ("v=DKIM1; k=rsa; p=…").'));
  }
  if ('v' in tags && (list.tags[0]?.name.toLowerCase() !== 'v' || tags.v !== 'DKIM1')) {
    findings.push(finding('dkim.version_invalid', `${where}: v=${tags.v} must be "DKIM1" and come first; verifiers ignore the key.`, 'Start the record with v=DKIM1 or leave v= out.'));
  }
  const flags = (tags.t ?? '').split(':').map((f) => f.trim().toLowerCase());
  result.testing = flags.includes('y');
  if (result.testing) findings.push(finding('dkim.testing', `${where}: t=y (testing): verifiers may treat signatures as unsigned mail.`, 'Remove t=y once signing works.'));
  const services = (tags.s ?? '*').split(':').map((s) => s.trim().toLowerCase());
  if (!services.includes('*') && !services.includes('email')) findings.push(finding('dkim.service_type', `${where}: s=${tags.s} excludes e-mail; verifiers ignore the key for mail.`, 'Remove s= or set s=email.'));
  const hashes = tags.h ? tags.h.split(':').map((h) => h.trim().toLowerCase()) : null;
  if (hashes && !hashes.includes('sha256')) findings.push(finding('dkim.hash_sha1', `${where}: h=${tags.h} does not allow SHA-256; SHA-1 signatures are no longer accepted (RFC 8301).`, 'Remove h= (or set h=sha256) and sign with rsa-sha256.'));
  if (!('p' in tags)) {
    findings.push(finding('dkim.key_missing', `${where}: the record has no p= (public key).`, 'Publish the full key record from the sending service.'));
    return result;
  }
  if (tags.p.replace(/\s+/g, '') === '') {
    result.revoked = true;
    findings.push(finding('dkim.revoked', `${where}: the key is revoked (empty p=); signatures with this selector fail.`, 'If this selector is still in use, publish its key again; else remove the record.'));
    return result;
  }
  const k = (tags.k ?? 'rsa').toLowerCase();
  if (k !== 'rsa' && k !== 'ed25519') {
    findings.push(finding('dkim.key_type_unknown', `${where}: k=${tags.k} is not a key type verifiers know (rsa, ed25519).`, 'Set k=rsa or k=ed25519 to match the key.'));
    return result;
  }
  const key = readPublicKey(k, tags.p);
  if (!key.ok) {
    findings.push(finding('dkim.key_invalid', `${where}: ${key.error}; signatures cannot be verified.`, 'Copy the key again from the sending service (one unbroken base64 string after p=).'));
    return result;
  }
  result.key_type = key.type;
  result.key_bits = key.bits;
  if (key.type === 'rsa' && key.bits < 1024) {
    findings.push(finding('dkim.key_too_short', `${where}: RSA key of ${key.bits} bits; verifiers reject keys under 1024 bits (RFC 8301).`, 'Generate a 2048-bit key at a new selector, switch signing to it, then revoke this one.'));
  } else if (key.type === 'rsa' && key.bits < 2048) {
    findings.push(finding('dkim.key_weak', `${where}: RSA key of ${key.bits} bits; 2048 is the current recommendation.`, 'Generate a 2048-bit key at a new selector, switch signing to it, then revoke this one.'));
  }
  return result;
}
