import { z } from 'zod';
import { ZDnsEnv, dnsConfigFrom, type TDnsConfig } from '@/lib/platform/dns';

// Settings of the sender enrichment (reverse DNS, SPF/DKIM checks, offline ASN/country data).
// Read from the environment; listed with their defaults in docs/enrichment.md.

const ZEnrichmentEnv = ZDnsEnv.extend({
  ATLAS_ENRICH_DNS: z.enum(['on', 'off']).default('on'),
  ATLAS_ENRICH_TTL_HOURS: z.coerce.number().positive().default(168),
  ATLAS_ENRICH_NEGATIVE_TTL_HOURS: z.coerce.number().positive().default(24),
  ATLAS_ENRICH_BATCH: z.coerce.number().int().min(1).max(10_000).default(200),
  ATLAS_ENRICH_CONCURRENCY: z.coerce.number().int().min(1).max(256).default(16),
  ATLAS_SPF_TTL_HOURS: z.coerce.number().positive().default(6),
  ATLAS_ASN_DB_DIR: z.string().min(1).optional(),
  ATLAS_COUNTRY_DB: z.string().min(1).optional(),
});

export type TEnrichmentConfig = TDnsConfig & {
  dnsEnabled: boolean;
  ttlMs: number;
  negativeTtlMs: number;
  batch: number;
  concurrency: number;
  spfTtlMs: number;
  asnDbDir: string | null;
  countryDb: string | null;
};

const HOUR = 3_600_000;

export function loadEnrichmentConfig(source: Record<string, string | undefined> = process.env): TEnrichmentConfig {
  const parsed = ZEnrichmentEnv.safeParse(source);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid enrichment configuration in the environment:\n${lines.join('\n')}\nSee docs/enrichment.md.`);
  }
  const e = parsed.data;
  return {
    ...dnsConfigFrom(e),
    dnsEnabled: e.ATLAS_ENRICH_DNS === 'on',
    ttlMs: e.ATLAS_ENRICH_TTL_HOURS * HOUR,
    negativeTtlMs: e.ATLAS_ENRICH_NEGATIVE_TTL_HOURS * HOUR,
    batch: e.ATLAS_ENRICH_BATCH,
    concurrency: e.ATLAS_ENRICH_CONCURRENCY,
    spfTtlMs: e.ATLAS_SPF_TTL_HOURS * HOUR,
    asnDbDir: e.ATLAS_ASN_DB_DIR ?? null,
    countryDb: e.ATLAS_COUNTRY_DB ?? null,
  };
}
