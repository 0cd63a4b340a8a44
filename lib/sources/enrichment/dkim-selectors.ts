import { prisma } from '@/lib/platform/db';
import { normaliseHost } from './base-domain';
import { classifyDnsError, type TResolver } from '@/lib/platform/dns';

export interface TSelectorCheck {
  domain: string;
  selector: string;
  status: 'found' | 'missing' | 'error';
  target: string | null;
}

/** Is a DKIM key published at <selector>._domainkey.<domain> (a CNAME to the service, or a TXT key)? */
export async function probeSelector(resolver: TResolver, domain: string, selector: string): Promise<TSelectorCheck> {
  const host = `${selector}._domainkey.${normaliseHost(domain)}`;
  const base = { domain: normaliseHost(domain), selector };
  try {
    const [target] = await resolver.resolveCname(host);
    if (target) return { ...base, status: 'found', target: normaliseHost(target) };
  } catch (error) {
    const failure = classifyDnsError(error);
    if (failure.status === 'nxdomain') return { ...base, status: 'missing', target: null };
    if (failure.status !== 'nodata') return { ...base, status: 'error', target: null };
  }
  try {
    const txt = (await resolver.resolveTxt(host)).map((c) => c.join(''));
    return { ...base, status: txt.some((t) => /(^|;)\s*p=/i.test(t)) ? 'found' : 'missing', target: null };
  } catch (error) {
    const failure = classifyDnsError(error);
    return { ...base, status: failure.status === 'nxdomain' || failure.status === 'nodata' ? 'missing' : 'error', target: null };
  }
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
  const rows = await prisma().dkimSelectorCheck.findMany({ where: { domain: normaliseHost(domain) } });
  return rows.map((r) => ({ domain: r.domain, selector: r.selector, status: r.status as TSelectorCheck['status'], target: r.target }));
}
