import { promises as dns } from 'node:dns';
import { loadDnsConfig, type TDnsConfig } from './config';

export type TResolver = InstanceType<typeof dns.Resolver>;

/**
 * A resolver of its own (never the process-wide one): ATLAS_DNS_SERVERS, a timeout and a
 * retry count apply to the product's lookups only. Node takes `host:port` and `[v6]:port`.
 */
export function createResolver(config: TDnsConfig = loadDnsConfig()): TResolver {
  const resolver = new dns.Resolver({ timeout: config.dnsTimeoutMs, tries: config.dnsTries });
  if (config.dnsServers) {
    try {
      resolver.setServers(config.dnsServers);
    } catch (error) {
      throw new Error(`ATLAS_DNS_SERVERS: ${(error as Error).message} (expected IP addresses with optional :port, e.g. "127.0.0.1:53 [::1]:5353")`);
    }
  }
  return resolver;
}

export type TDnsFailure = 'nxdomain' | 'nodata' | 'timeout' | 'error';

/** How a DNS error is recorded: a definite "no such name/record", a timeout, or anything else. */
export function classifyDnsError(error: unknown): { status: TDnsFailure; message: string } {
  const code = (error as NodeJS.ErrnoException | undefined)?.code ?? '';
  const message = `${code || 'error'}: ${(error as Error | undefined)?.message ?? String(error)}`.slice(0, 300);
  if (code === 'ENOTFOUND' || code === 'NXDOMAIN') return { status: 'nxdomain', message };
  if (code === 'ENODATA' || code === 'ENONAME') return { status: 'nodata', message };
  if (code === 'ETIMEOUT' || code === 'ETIMEDOUT') return { status: 'timeout', message };
  return { status: 'error', message };
}
