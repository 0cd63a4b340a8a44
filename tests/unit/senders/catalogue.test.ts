import { describe, expect, it } from 'vitest';
import { CATALOGUE, CATALOGUE_VERSION, serviceById } from '../../../lib/sources/catalogue';
import { matchAddress, matchDomain, matchSpfInclude, networkTypeFromAsName } from '../../../lib/sources/match-service';
import { SERVICE_TYPES } from '../../../lib/sources/types';

describe('known-sender catalogue', () => {
  it('has hundreds of services of every type, with unique ids and no clashing signals', () => {
    expect(CATALOGUE.length).toBeGreaterThanOrEqual(300);
    for (const type of SERVICE_TYPES) expect(CATALOGUE.some((s) => s.type === type), type).toBe(true);
    const seen = new Map<string, string>();
    const clashes: string[] = [];
    for (const s of CATALOGUE) {
      for (const key of [`id:${s.id}`, ...s.domains.map((d) => `domain:${d}`), ...s.spf.map((d) => `spf:${d}`), ...s.asns.map((a) => `asn:${a}`)]) {
        if (seen.has(key)) clashes.push(`${key} (${seen.get(key)}, ${s.id})`);
        else seen.set(key, s.id);
      }
    }
    expect(clashes).toEqual([]);
    expect(CATALOGUE_VERSION).toMatch(/^[0-9a-f]{12}$/);
  });

  it('covers the services the sender map must name', () => {
    for (const id of ['google-workspace', 'microsoft-365', 'amazon-ses', 'sendgrid', 'mailchimp', 'mandrill', 'salesforce', 'hubspot', 'zendesk', 'mailgun', 'postmark', 'sparkpost', 'brevo', 'zoho-mail', 'proofpoint', 'mimecast', 'ovhcloud', 'hetzner', 'digitalocean', 'akamai-linode', 'vultr', 'contabo', 'aws', 'google-cloud', 'azure']) {
      expect(serviceById(id), id).not.toBeNull();
    }
  });

  it('matches names, SPF includes and addresses', () => {
    expect(matchDomain('bounce.salesforce.com')?.id).toBe('salesforce');
    expect(matchDomain('mo1.mail-out.ovh.net')?.id).toBe('ovh-mail');
    expect(matchDomain('vps-1234.vps.ovh.net')?.id).toBe('ovhcloud');
    expect(matchDomain('em123.example.com')).toBeNull();
    expect(matchSpfInclude('_spf.google.com')?.id).toBe('google-workspace');
    expect(matchSpfInclude('12345.spf04.hubspotemail.net')?.id).toBe('hubspot');
    expect(matchAddress({ ip: '40.107.1.1', asn: 8075, ptr: null, ptrConfirmed: false })).toMatchObject({ service: { id: 'microsoft-365' }, by: 'prefix' });
    expect(matchAddress({ ip: '20.1.1.1', asn: 8075, ptr: null, ptrConfirmed: false })).toMatchObject({ service: { id: 'azure' }, by: 'asn' });
    expect(matchAddress({ ip: '2a01:111:f400:1::2', asn: 8075, ptr: null, ptrConfirmed: false })?.service.id).toBe('microsoft-365');
  });

  it('guesses the type of unlisted networks from the AS name', () => {
    expect(networkTypeFromAsName('Some Hosting Ltd')).toBe('hosting');
    expect(networkTypeFromAsName('Example Cloud Servers GmbH')).toBe('hosting');
    expect(networkTypeFromAsName('Pakistan Telecom Broadband')).toBe('isp');
    expect(networkTypeFromAsName('Ford Motor Company')).toBeNull();
  });
});
