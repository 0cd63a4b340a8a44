import { parse } from 'tldts';
import { z } from 'zod';

/**
 * A mail domain as typed by a person: trimmed, lower-case, no trailing dot, IDN as punycode
 * (what DNS and reports carry), a real name under a public suffix (not a suffix itself).
 */
export const ZDomainName = z
  .string()
  .trim()
  .toLowerCase()
  .transform((v) => v.replace(/\.$/, ''))
  .transform((v) => {
    // The URL parser is here only for IDN → punycode: it would also drop a user part, a port,
    // a path ("a@evil.example" → "evil.example"), so text with URL delimiters stays as typed
    // and fails the check below.
    if (/[\s@/\\:?#%[\]]/.test(v)) return v;
    try {
      return new URL(`http://${v}`).hostname;
    } catch {
      return v;
    }
  })
  .refine((v) => v.length <= 253 && /^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z0-9-]{2,63}$/.test(v), 'Enter a domain name such as example.com.')
  .refine((v) => {
    const parsed = parse(v);
    return !parsed.isIp && parsed.domain !== null;
  }, 'That is a public suffix, not a domain one can own.');
