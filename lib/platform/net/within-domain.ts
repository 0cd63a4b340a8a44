import { normaliseDomain } from './normalise-domain';

/**
 * Whether `name` is `domain` itself or one of its subdomains (label-wise: mail.example.com is
 * within example.com, badexample.com is not), both compared in their normalised form.
 * A report's rows are about its policy domain only when their header_from passes this: a
 * reporter (or anyone mailing the rua address) can list any From domain in a report.
 */
export function isWithinDomain(name: string | null | undefined, domain: string): boolean {
  if (!name) return false;
  const n = normaliseDomain(name);
  const d = normaliseDomain(domain);
  if (n === '' || d === '') return false;
  return n === d || (n.length > d.length && n.endsWith(d) && n.charCodeAt(n.length - d.length - 1) === 0x2e);
}
