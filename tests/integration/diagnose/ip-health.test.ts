import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createResolver } from '../../../lib/platform/dns/resolver';
import {
  checkFcrdns,
  checkIpHealth,
  createIpHealthChecker,
  DEFAULT_DNSBL_ZONES,
  dnsblQueryName,
  loadIpHealthConfig,
  lookupDnsbl,
} from '@/lib/diagnose/ip-health';
import { reverseName, startDnsZoneServer, type TDnsZoneServer, type TZone } from '../../helpers/dns-zone-server';
import { startRefusingDns } from './refusing-dns';

/**
 * Sending-IP health against DNS servers the test runs on loopback: DNSBL listings (Spamhaus ZEN
 * codes, refusals, timeouts), forward-confirmed reverse DNS, IPv6 nibble names, configuration.
 */

let dns: TDnsZoneServer;
let refusing: { address: string; close(): Promise<void> };

const LISTED = '192.0.2.10';
const CLEAN = '192.0.2.20';
const REFUSED = '192.0.2.30';
const SILENT = '192.0.2.40';
const V6 = '2001:db8::25';

beforeAll(async () => {
  refusing = await startRefusingDns();
  const zen = (ip: string) => dnsblQueryName(ip, 'zen.spamhaus.org')!;
  const zone: TZone = {
    [zen(LISTED)]: { A: ['127.0.0.2', '127.0.0.4'], TXT: ['Listed by SBL, see https://check.spamhaus.org/sbl/query/SBL1'] },
    [zen(REFUSED)]: { A: ['127.255.255.254'] },
    [zen(SILENT)]: { timeout: true },
    [dnsblQueryName(LISTED, 'bl.spamcop.net')!]: { A: ['127.0.0.2'] },
    [zen(V6)]: { A: ['127.0.0.3'] },
    [dnsblQueryName(CLEAN, 'dnsbl.example.org')!]: { A: ['10.1.2.3'] }, // a resolver rewriting NXDOMAIN
    // FCrDNS: pass, mismatch, fail (no PTR) and IPv6 pass.
    [reverseName(LISTED)]: { PTR: ['mail.example.com'] },
    'mail.example.com': { A: [LISTED] },
    [reverseName(CLEAN)]: { PTR: ['host.example.net'] },
    'host.example.net': { A: ['192.0.2.99'] },
    [reverseName(V6)]: { PTR: ['mail6.example.com'] },
    'mail6.example.com': { AAAA: [V6] },
  };
  dns = await startDnsZoneServer(zone);
});

afterAll(async () => {
  await dns?.close();
  await refusing?.close();
});

const resolver = () => createResolver({ dnsServers: [dns.address], dnsTimeoutMs: 300, dnsTries: 1 });

describe('DNSBL lookups', () => {
  it('builds the reversed-octet and IPv6 nibble names', () => {
    expect(dnsblQueryName('192.0.2.10', 'zen.spamhaus.org')).toBe('10.2.0.192.zen.spamhaus.org');
    expect(dnsblQueryName('2001:db8::25', 'zen.spamhaus.org')).toBe(`5.2.0.0.${'0.'.repeat(20)}8.b.d.0.1.0.0.2.zen.spamhaus.org`);
    expect(dnsblQueryName('not-an-ip', 'zen.spamhaus.org')).toBeNull();
  });

  it('decodes a Spamhaus ZEN listing (SBL + XBL) with its TXT reason', async () => {
    const r = await lookupDnsbl(resolver(), LISTED, 'zen.spamhaus.org', 2_000);
    expect(r.status).toBe('listed');
    expect(r.codes.sort()).toEqual(['127.0.0.2', '127.0.0.4']);
    expect(r.meanings.join(' | ')).toMatch(/SBL/);
    expect(r.meanings.join(' | ')).toMatch(/XBL/);
    expect(r.txt).toContain('spamhaus.org/sbl/query');
  });

  it('reads NXDOMAIN as not listed', async () => {
    const r = await lookupDnsbl(resolver(), CLEAN, 'zen.spamhaus.org', 2_000);
    expect(r).toMatchObject({ status: 'not_listed', codes: [], error: null });
  });

  it('reports Spamhaus 127.255.255.254 (query through a public resolver) as an error, not a listing', async () => {
    const r = await lookupDnsbl(resolver(), REFUSED, 'zen.spamhaus.org', 2_000);
    expect(r.status).toBe('error');
    expect(r.error).toMatch(/public\/open resolver/);
  });

  it('reports an answer outside 127.0.0.0/8 as an error (NXDOMAIN rewriting), not a listing', async () => {
    const r = await lookupDnsbl(resolver(), CLEAN, 'dnsbl.example.org', 2_000);
    expect(r.status).toBe('error');
    expect(r.error).toMatch(/unexpected answer 10\.1\.2\.3/);
  });

  it('reports a server that answers REFUSED as an error', async () => {
    const r = await lookupDnsbl(createResolver({ dnsServers: [refusing.address], dnsTimeoutMs: 300, dnsTries: 1 }), LISTED, 'zen.spamhaus.org', 2_000);
    expect(r.status).toBe('error');
    expect(r.error).toMatch(/REFUSED/i);
  });

  it('reports a lookup that gets no answer as a timeout error (resolver timeout)', async () => {
    const r = await lookupDnsbl(resolver(), SILENT, 'zen.spamhaus.org', 5_000);
    expect(r.status).toBe('error');
    expect(r.error).toMatch(/TIMEOUT/i);
  });

  it('bounds one lookup by its own timeout even when the resolver would wait longer', async () => {
    const patient = createResolver({ dnsServers: [dns.address], dnsTimeoutMs: 30_000, dnsTries: 5 });
    const r = await lookupDnsbl(patient, SILENT, 'zen.spamhaus.org', 200);
    expect(r.status).toBe('error');
    expect(r.error).toMatch(/longer than 200 ms/);
    patient.cancel();
  });

  it('looks up IPv6 addresses in nibble form', async () => {
    const r = await lookupDnsbl(resolver(), V6, 'zen.spamhaus.org', 2_000);
    expect(r.status).toBe('listed');
    expect(r.meanings[0]).toMatch(/CSS/);
    expect(dns.queries).toContain(`A ${dnsblQueryName(V6, 'zen.spamhaus.org')}`);
  });
});

describe('forward-confirmed reverse DNS', () => {
  it('passes when the PTR name resolves back to the address', async () => {
    expect(await checkFcrdns(resolver(), LISTED, 2_000)).toMatchObject({ status: 'pass', ptr: 'mail.example.com' });
  });

  it('is a mismatch when the PTR name resolves elsewhere', async () => {
    expect(await checkFcrdns(resolver(), CLEAN, 2_000)).toMatchObject({ status: 'mismatch', ptr: 'host.example.net' });
  });

  it('fails when there is no PTR record', async () => {
    expect(await checkFcrdns(resolver(), REFUSED, 2_000)).toMatchObject({ status: 'fail', ptr: null });
  });

  it('checks IPv6 through ip6.arpa and AAAA', async () => {
    expect(await checkFcrdns(resolver(), V6, 2_000)).toMatchObject({ status: 'pass', ptr: 'mail6.example.com' });
  });

  it('is an error when the PTR lookup times out', async () => {
    dns.zone[reverseName(SILENT)] = { timeout: true };
    expect((await checkFcrdns(resolver(), SILENT, 5_000)).status).toBe('error');
  });
});

describe('a batch of addresses', () => {
  it('checks every address on every zone with a concurrency limit, through ATLAS_DNS_SERVERS', async () => {
    const checker = createIpHealthChecker({
      ATLAS_DNS_SERVERS: dns.address,
      ATLAS_DNS_TIMEOUT_MS: '300',
      ATLAS_DNS_TRIES: '1',
      ATLAS_DNSBL_ZONES: 'zen.spamhaus.org, bl.spamcop.net',
      ATLAS_DNSBL_CONCURRENCY: '2',
    });
    expect(checker.config).toMatchObject({ zones: ['zen.spamhaus.org', 'bl.spamcop.net'], concurrency: 2 });
    const health = await checker.check([LISTED, CLEAN, LISTED, V6]);
    expect(health.map((h) => [h.ip, h.fcrdns.status, h.listedOn])).toEqual([
      [LISTED, 'pass', ['zen.spamhaus.org', 'bl.spamcop.net']],
      [CLEAN, 'mismatch', []],
      [V6, 'pass', ['zen.spamhaus.org']],
    ]);
  });

  it('refuses something that is not an address', async () => {
    await expect(checkIpHealth(['192.0.2.1', 'evil.example; rm -rf'], { resolver: resolver(), zones: [], concurrency: 1, timeoutMs: 500 })).rejects.toThrow(/not an IP address/);
  });
});

describe('configuration', () => {
  it('queries Spamhaus ZEN, Barracuda and SpamCop by default', () => {
    expect(loadIpHealthConfig({}).zones).toEqual([...DEFAULT_DNSBL_ZONES]);
    expect(DEFAULT_DNSBL_ZONES).toEqual(['zen.spamhaus.org', 'b.barracudacentral.org', 'bl.spamcop.net']);
  });

  it('takes an empty ATLAS_DNSBL_ZONES as no lists at all (air-gapped installs)', () => {
    expect(loadIpHealthConfig({ ATLAS_DNSBL_ZONES: '' }).zones).toEqual([]);
  });

  it('accepts comma or space separated zones, lower-cased and de-duplicated', () => {
    expect(loadIpHealthConfig({ ATLAS_DNSBL_ZONES: 'ZEN.spamhaus.org  bl.spamcop.net,zen.spamhaus.org' }).zones).toEqual(['zen.spamhaus.org', 'bl.spamcop.net']);
  });

  it('names the variable when a zone is not a DNS name', () => {
    expect(() => loadIpHealthConfig({ ATLAS_DNSBL_ZONES: 'zen.spamhaus.org bad_zone!' })).toThrow(/ATLAS_DNSBL_ZONES/);
  });
});
