import { canonicalIp } from '@/lib/platform/net';
import PQueue from 'p-queue';
import { createResolver, type TResolver } from '@/lib/platform/dns';
import { loadIpHealthConfig, type TIpHealthConfig } from './config';
import { lookupDnsbl, type TDnsblResult } from './dnsbl';
import { checkFcrdns, type TFcrdnsResult } from './fcrdns';

export interface TIpHealth {
  ip: string;
  fcrdns: TFcrdnsResult;
  dnsbl: TDnsblResult[];
  /** Zones that list the address. */
  listedOn: string[];
}

/** One batch is bounded: the worker checks a domain's approved sources, not the whole Internet. */
export const MAX_IPS_PER_CHECK = 1_000;

export interface TIpHealthOptions extends Pick<TIpHealthConfig, 'zones' | 'concurrency' | 'timeoutMs'> {
  resolver: TResolver;
  /** Lookups started per second (ATLAS_DNSBL_RATE); unlimited when absent. */
  ratePerSecond?: number;
}

/**
 * FCrDNS and DNSBL listings for a batch of addresses: every (address × zone) lookup and every
 * FCrDNS check runs through one queue with at most `concurrency` in flight and at most
 * `ratePerSecond` started per second, each bounded by `timeoutMs`. Invalid addresses are
 * refused; duplicates are checked once.
 */
export async function checkIpHealth(ips: readonly string[], options: TIpHealthOptions): Promise<TIpHealth[]> {
  const unique: string[] = [];
  for (const raw of ips) {
    const ip = canonicalIp(String(raw).trim());
    if (!ip) throw new Error(`not an IP address: ${String(raw).slice(0, 60)}`);
    if (!unique.includes(ip)) unique.push(ip);
  }
  if (unique.length > MAX_IPS_PER_CHECK) throw new Error(`${unique.length} addresses; at most ${MAX_IPS_PER_CHECK} per check`);

  type TTask = { ip: string; zone: string | null };
  const tasks: TTask[] = unique.flatMap((ip) => [{ ip, zone: null }, ...options.zones.map((zone) => ({ ip, zone }))]);
  const queue = new PQueue({ concurrency: options.concurrency, ...(options.ratePerSecond ? { intervalCap: options.ratePerSecond, interval: 1_000 } : {}) });
  const results = await Promise.all(
    tasks.map((t) =>
      queue.add<TFcrdnsResult | TDnsblResult>(() => (t.zone === null ? checkFcrdns(options.resolver, t.ip, options.timeoutMs) : lookupDnsbl(options.resolver, t.ip, t.zone, options.timeoutMs))),
    ),
  );

  return unique.map((ip) => {
    const mine = tasks.map((t, i) => ({ t, r: results[i] })).filter((x) => x.t.ip === ip);
    const fcrdns = mine.find((x) => x.t.zone === null)!.r as TFcrdnsResult;
    const dnsbl = mine.filter((x) => x.t.zone !== null).map((x) => x.r as TDnsblResult);
    return { ip, fcrdns, dnsbl, listedOn: dnsbl.filter((d) => d.status === 'listed').map((d) => d.zone) };
  });
}

/** The checker as configured by the environment: ATLAS_DNSBL_* and the shared ATLAS_DNS_* resolver settings. */
export function createIpHealthChecker(env: Record<string, string | undefined> = process.env) {
  const config = loadIpHealthConfig(env);
  const resolver = createResolver(config.dns);
  return {
    config,
    check: (ips: readonly string[]) =>
      checkIpHealth(ips, { resolver, zones: config.zones, concurrency: config.concurrency, timeoutMs: config.timeoutMs, ratePerSecond: config.ratePerSecond }),
  };
}
