import { z } from 'zod';

// The resolver settings every DNS lookup shares (enrichment, SPF/DMARC/DKIM checks, domain
// verification, DNSBLs): one place, so ATLAS_DNS_SERVERS means the same thing everywhere.

/** `host:port` list (comma or space separated); IPv6 hosts in brackets: `[::1]:5353`. */
const ZServerList = z
  .string()
  .transform((s) => s.split(/[\s,]+/).filter(Boolean))
  .pipe(z.array(z.string().regex(/^(\[[0-9a-fA-F:.]+\]|[^\s:[\]]+)(:\d{1,5})?$/, 'expected host or host:port')));

export const ZDnsEnv = z.object({
  ATLAS_DNS_SERVERS: ZServerList.optional(),
  ATLAS_DNS_TIMEOUT_MS: z.coerce.number().int().min(100).max(30_000).default(2_000),
  ATLAS_DNS_TRIES: z.coerce.number().int().min(1).max(5).default(2),
});

export interface TDnsConfig {
  dnsServers: string[] | null;
  dnsTimeoutMs: number;
  dnsTries: number;
}

export function dnsConfigFrom(env: z.infer<typeof ZDnsEnv>): TDnsConfig {
  return { dnsServers: env.ATLAS_DNS_SERVERS?.length ? env.ATLAS_DNS_SERVERS : null, dnsTimeoutMs: env.ATLAS_DNS_TIMEOUT_MS, dnsTries: env.ATLAS_DNS_TRIES };
}

export function loadDnsConfig(source: Record<string, string | undefined> = process.env): TDnsConfig {
  const parsed = ZDnsEnv.safeParse(source);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid DNS configuration in the environment:\n${lines.join('\n')}\nSee .env.example.`);
  }
  return dnsConfigFrom(parsed.data);
}
