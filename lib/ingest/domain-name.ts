import { domainToASCII } from 'node:url';

/**
 * The one form of a domain name used for routing reports to domains and for `domain.name`:
 * trimmed, lower-case, without trailing dots, internationalised names in their ASCII (IDNA)
 * form. Reporters write the policy domain as published ("Example.COM.", "bücher.de").
 */
export function normaliseDomain(raw: string): string {
  const name = raw.trim().toLowerCase().replace(/\.+$/, '');
  if (/^[\x00-\x7f]*$/.test(name)) return name;
  return domainToASCII(name) || name;
}

const LABEL = /^(?!-)[a-z0-9_-]{1,63}(?<!-)$/;

/** Whether a normalised name can be a domain someone owns (at least two labels, valid labels). */
export function isValidDomainName(name: string): boolean {
  if (name.length === 0 || name.length > 253) return false;
  const labels = name.split('.');
  return labels.length >= 2 && labels.every((l) => LABEL.test(l)) && !/^\d+$/.test(labels.at(-1) ?? '');
}
