import { z } from 'zod';
import { loadEnrichmentConfig, type TEnrichmentConfig } from '@/lib/sources';

/** The lists queried when ATLAS_DNSBL_ZONES is unset. */
export const DEFAULT_DNSBL_ZONES = ['zen.spamhaus.org', 'b.barracudacentral.org', 'bl.spamcop.net'] as const;

const ZZoneName = z
  .string()
  .max(253)
  .regex(/^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/, 'expected a DNS zone such as zen.spamhaus.org');

/** Comma or space separated zones; an empty string means none (air-gapped installs). */
const ZZoneList = z
  .string()
  .transform((s) => [...new Set(s.toLowerCase().split(/[\s,]+/).filter(Boolean))])
  .pipe(z.array(ZZoneName).max(50, 'at most 50 zones'));

const ZIpHealthEnv = z.object({
  ATLAS_DNSBL_ZONES: ZZoneList.optional(),
  ATLAS_DNSBL_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(8),
  ATLAS_DNSBL_TIMEOUT_MS: z.coerce.number().int().min(100).max(30_000).default(3_000),
  ATLAS_DNSBL_RATE: z.coerce.number().int().min(1).max(1_000).default(20),
  ATLAS_DNSBL_TTL_HOURS: z.coerce.number().min(0.25).max(24 * 30).default(12),
  ATLAS_DNSBL_MAX_PER_SOURCE: z.coerce.number().int().min(1).max(1_000).default(25),
});

export interface TIpHealthConfig {
  zones: string[];
  /** Lookups in flight at once, across all IPs and zones. */
  concurrency: number;
  /** Upper bound for one lookup (one DNSBL query, or one FCrDNS check), whatever the resolver does. */
  timeoutMs: number;
  /**
   * Lookups started per second, across all IPs and zones: free DNSBL tiers (Spamhaus: about
   * 100,000 queries a day) block installations that burst.
   */
  ratePerSecond: number;
  /** How long a result is trusted; errors are retried after a tenth of it. */
  ttlMs: number;
  /** The busiest addresses of each authorised source that the scheduled check covers. */
  maxPerSource: number;
  /** Resolver settings shared with enrichment: ATLAS_DNS_SERVERS, ATLAS_DNS_TIMEOUT_MS, ATLAS_DNS_TRIES. */
  dns: Pick<TEnrichmentConfig, 'dnsServers' | 'dnsTimeoutMs' | 'dnsTries'>;
}

export function loadIpHealthConfig(source: Record<string, string | undefined> = process.env): TIpHealthConfig {
  const parsed = ZIpHealthEnv.safeParse(source);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid sending-IP health configuration in the environment:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  const dns = loadEnrichmentConfig(source);
  return {
    zones: e.ATLAS_DNSBL_ZONES ?? [...DEFAULT_DNSBL_ZONES],
    concurrency: e.ATLAS_DNSBL_CONCURRENCY,
    timeoutMs: e.ATLAS_DNSBL_TIMEOUT_MS,
    ratePerSecond: e.ATLAS_DNSBL_RATE,
    ttlMs: e.ATLAS_DNSBL_TTL_HOURS * 3_600_000,
    maxPerSource: e.ATLAS_DNSBL_MAX_PER_SOURCE,
    dns: { dnsServers: dns.dnsServers, dnsTimeoutMs: dns.dnsTimeoutMs, dnsTries: dns.dnsTries },
  };
}
