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
