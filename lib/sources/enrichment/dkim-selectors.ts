import { prisma } from '@/lib/platform/db';
import { normaliseHost } from '@/lib/platform/net';
import { checkDkimSelector, DnsClient } from '@/lib/dns';
import type { TResolver } from '@/lib/platform/dns';

export interface TSelectorCheck {
  domain: string;
  selector: string;
  status: 'found' | 'missing' | 'error';
  target: string | null;
}

/**
 * Is a DKIM key published at <selector>._domainkey.<domain> (directly, or through a CNAME to
 * the service, whose last target is kept)? The lookup is lib/dns's DKIM check; a CNAME to a
 * name without a key counts as missing, as it does for verifiers.
 */
export async function probeSelector(resolver: TResolver, domain: string, selector: string): Promise<TSelectorCheck> {
  const name = normaliseHost(domain);
  const check = await checkDkimSelector(new DnsClient(resolver), name, selector, 'common');
  const status = check.status === 'missing' ? 'missing' : check.status === 'failed' ? 'error' : 'found';
  return { domain: name, selector, status, target: check.cname.at(-1) ?? null };
}

export async function saveSelectorChecks(checks: TSelectorCheck[], ttlMs: number): Promise<void> {
  const db = prisma();
  const now = Date.now();
  for (const c of checks) {
    const expiresAt = new Date(now + (c.status === 'error' ? ttlMs / 10 : ttlMs));
    const data = { status: c.status, target: c.target, checkedAt: new Date(now), expiresAt };
    await db.dkimSelectorCheck.upsert({ where: { domain_selector: { domain: c.domain, selector: c.selector } }, create: { domain: c.domain, selector: c.selector, ...data }, update: data });
  }
}

export async function readSelectorChecks(domain: string): Promise<TSelectorCheck[]> {
  return (await readSelectorChecksFor([domain])).get(normaliseHost(domain)) ?? [];
}

/** The stored selector checks of several domains in one query, by normalised domain name. */
export async function readSelectorChecksFor(domains: string[]): Promise<Map<string, TSelectorCheck[]>> {
  const names = [...new Set(domains.map(normaliseHost))];
  const byDomain = new Map<string, TSelectorCheck[]>(names.map((n) => [n, []]));
  if (names.length === 0) return byDomain;
  const rows = await prisma().dkimSelectorCheck.findMany({ where: { domain: { in: names } } });
  for (const r of rows) byDomain.get(r.domain)?.push({ domain: r.domain, selector: r.selector, status: r.status as TSelectorCheck['status'], target: r.target });
  return byDomain;
}
