import { createResolver } from '@/lib/platform/dns';

/**
 * TXT records of a name through node's resolver, honouring ATLAS_DNS_SERVERS (host:port list,
 * the same setting the enrichment worker uses). Each record's strings are joined, as RFC 7208
 * and DMARC readers do. NXDOMAIN / no data is an empty list; other failures throw.
 */
export async function resolveTxt(name: string): Promise<string[]> {
  const resolver = createResolver();
  try {
    const records = await resolver.resolveTxt(name);
    return records.map((chunks) => chunks.join(''));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOTFOUND' || code === 'ENODATA') return [];
    throw error;
  }
}
