import { getDomain } from 'tldts';

/** Lower case, no trailing dot, no surrounding space: how every host name is stored. */
export function normaliseHost(name: string): string {
  return name.trim().toLowerCase().replace(/\.+$/, '');
}

/**
 * The organisational ("base") domain of a host name by the Public Suffix List, as DMARC
 * relaxed alignment uses it: mail-yw1-f41.google.com → google.com, a.b.example.co.uk →
 * example.co.uk. Null for addresses, bare suffixes and names that are not domains.
 */
export function baseDomain(name: string | null | undefined): string | null {
  if (!name) return null;
  const host = normaliseHost(name);
  if (!host || !host.includes('.')) return null;
  return getDomain(host, { allowPrivateDomains: false }) ?? null;
}
