import type { TAccessScope } from '@/lib/access';
import { listIpHealth } from '@/lib/queries';
import type { TIpHealth } from '@/lib/diagnose/ip-health';
import type { TIpHealthEvidence } from '@/lib/diagnose/types';

/** What the diagnoser needs of the IP health checker (createIpHealthChecker()). */
export interface TIpHealthProbe {
  config: { zones: string[] };
  check: (ips: readonly string[]) => Promise<TIpHealth[]>;
}

function fromLive(h: TIpHealth, now: Date): TIpHealthEvidence {
  return {
    ip: h.ip,
    checked: 'live',
    checked_at: now.toISOString(),
    fcrdns: { status: h.fcrdns.status, ptr: h.fcrdns.ptr, names: h.fcrdns.names, error: h.fcrdns.error },
    dnsbl: h.dnsbl.map((d) => ({ zone: d.zone, status: d.status, codes: d.codes, meanings: d.meanings, txt: d.txt, error: d.error })),
    listed_on: h.listedOn,
  };
}

const FCRDNS = new Set(['pass', 'mismatch', 'fail', 'error']);
const LISTING = new Set(['listed', 'not_listed', 'error']);

/**
 * FCrDNS and DNSBL answers for the sending address: the worker's stored answers when the
 * address is one of the scope's senders and none has expired, otherwise looked up now (one
 * address, through the configured resolver and lists). Live answers are not stored: the
 * stored ones are the worker's, which turns their changes into listing events.
 */
export async function ipHealthEvidence(scope: TAccessScope, ip: string, probe: TIpHealthProbe, now: Date): Promise<TIpHealthEvidence> {
  const stored = (await listIpHealth(scope, [ip])).get(ip);
  const zones = probe.config.zones;
  const fresh =
    stored?.fcrdns &&
    stored.fcrdns.expiresAt > now &&
    FCRDNS.has(stored.fcrdns.status) &&
    zones.every((z) => stored.listings.some((l) => l.zone === z && l.expiresAt > now && LISTING.has(l.status)));
  if (stored && fresh && stored.fcrdns) {
    const listings = stored.listings.filter((l) => zones.includes(l.zone));
    const checkedAt = Math.min(stored.fcrdns.checkedAt.getTime(), ...listings.map((l) => l.checkedAt.getTime()));
    return {
      ip,
      checked: 'cached',
      checked_at: new Date(checkedAt).toISOString(),
      fcrdns: { status: stored.fcrdns.status as TIpHealthEvidence['fcrdns']['status'], ptr: stored.fcrdns.ptr, names: stored.fcrdns.names, error: stored.fcrdns.error },
      dnsbl: listings.map((l) => ({ zone: l.zone, status: l.status as TIpHealthEvidence['dnsbl'][number]['status'], codes: l.codes, meanings: l.meanings, txt: l.txt, error: l.error })),
      listed_on: listings.filter((l) => l.status === 'listed').map((l) => l.zone),
    };
  }
  const [live] = await probe.check([ip]);
  return fromLive(live, now);
}
