import { describe, expect, it } from 'vitest';
import { asnDataVersion, lookupAsn } from '../../../lib/sources/enrichment/asn';
import { baseDomain } from '../../../lib/platform/net/base-domain';
import { lookupCountry } from '../../../lib/sources/enrichment/country';
import { reverseName } from '../../../lib/platform/net/ip-number';
import { addressFacts } from '../../../lib/sources/enrichment/offline-facts';

// The offline ASN and country databases shipped in npm packages: no download, no licence key.

describe('offline ASN and country lookups', () => {
  it('knows well-known addresses (IPv4 and IPv6)', () => {
    expect(lookupAsn('8.8.8.8')).toEqual({ asn: 15169, name: 'Google LLC' });
    expect(lookupCountry('8.8.8.8')).toBe('US');
    expect(lookupAsn('2001:4860:4860::8888')?.asn).toBe(15169);
    expect(lookupAsn('1.1.1.1')?.asn).toBe(13335);
    expect(lookupAsn('40.107.22.1')).toMatchObject({ asn: 8075, name: 'Microsoft Corporation' });
    expect(lookupAsn('2a01:4f8:c2c::1')).toMatchObject({ asn: 24940, name: 'Hetzner Online GmbH' });
    expect(lookupCountry('2a01:4f8:c2c::1')).toBe('DE');
    expect(asnDataVersion()).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it('treats IPv4-mapped IPv6 as IPv4 and private/reserved space as unknown', () => {
    expect(lookupAsn('::ffff:8.8.8.8')?.asn).toBe(15169);
    expect(lookupCountry('::ffff:8.8.8.8')).toBe('US');
    for (const ip of ['10.1.2.3', '127.0.0.1', '192.168.1.1', '0.0.0.0', 'not an ip']) {
      expect(lookupAsn(ip)).toBeNull();
      expect(lookupCountry(ip)).toBeNull();
    }
  });

  it('names the service of an address from its published prefix before its ASN', () => {
    // 209.85.220.41 is in Google's _netblocks; 54.240.0.1 in SES's published range, inside Amazon's ASN.
    expect(addressFacts('209.85.220.41')).toMatchObject({ asn: 15169, serviceId: 'google-workspace', matchedBy: 'prefix', country: 'US' });
    expect(addressFacts('54.240.0.1')).toMatchObject({ asn: 16509, serviceId: 'amazon-ses', serviceType: 'esp', matchedBy: 'prefix' });
    expect(addressFacts('54.240.100.1')).toMatchObject({ serviceId: 'aws', serviceType: 'hosting', matchedBy: 'asn' });
    expect(addressFacts('167.89.1.1')).toMatchObject({ asn: 11377, serviceId: 'sendgrid', matchedBy: 'asn' });
  });

  it('trusts a PTR only when it is forward-confirmed', () => {
    const ip = '198.51.100.7';
    expect(addressFacts(ip, { name: 'a8-1.smtp-out.amazonses.com', confirmed: true })).toMatchObject({ serviceId: 'amazon-ses', matchedBy: 'ptr', ptrBaseDomain: 'amazonses.com' });
    expect(addressFacts(ip, { name: 'a8-1.smtp-out.amazonses.com', confirmed: false }).serviceId).toBeNull();
  });

  it('computes organisational domains with the Public Suffix List', () => {
    expect(baseDomain('mail-yw1-f41.google.com.')).toBe('google.com');
    expect(baseDomain('a.b.example.co.uk')).toBe('example.co.uk');
    expect(baseDomain('ec2-1-2-3-4.compute-1.amazonaws.com')).toBe('amazonaws.com');
    expect(baseDomain('192.0.2.1')).toBeNull();
    expect(baseDomain('co.uk')).toBeNull();
  });

  it('builds reverse names', () => {
    expect(reverseName('192.0.2.10')).toBe('10.2.0.192.in-addr.arpa');
    expect(reverseName('2001:db8::1')).toBe('1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.ip6.arpa');
  });
});
