import type { TAccessScope } from '@/lib/access';
import { baseDomain, ZDomainName } from '@/lib/platform/net';
import { findDomainInScope } from '@/lib/queries';

/** The domain part of an address ("Alice <alice@Mail.Example.com>" → mail.example.com). */
export function domainOf(address: string | null): string | null {
  if (!address) return null;
  const at = address.lastIndexOf('@');
  if (at < 0) return null;
  const parsed = ZDomainName.safeParse(address.slice(at + 1).replace(/[>\s].*$/, ''));
  return parsed.success ? parsed.data : null;
}

/**
 * The caller's domain a sender domain belongs to: the name itself, else the closest parent up
 * to the registered domain (mail from news.example.com is in example.com's reports when only
 * example.com is claimed: DMARC falls back to the organisational domain's policy).
 */
export async function findOurDomain(scope: TAccessScope, senderDomain: string): Promise<{ id: number; name: string; organizationId: number } | null> {
  const base = baseDomain(senderDomain) ?? senderDomain;
  const labels = senderDomain.split('.');
  for (let i = 0; i < labels.length - 1; i += 1) {
    const candidate = labels.slice(i).join('.');
    const found = await findDomainInScope(scope, candidate);
    if (found) return found;
    if (candidate === base) break;
  }
  return null;
}
