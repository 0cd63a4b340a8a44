import { generateKeyPairSync } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createResolver } from '../../../lib/platform/dns/resolver';
import { checkDkimSelector, DnsClient, type TDkimCheck } from '../../../lib/dns';
import { startDnsZoneServer, type TDnsZoneServer, type TZone } from '../../helpers/dns-zone-server';

// DKIM keys generated here (node:crypto), published on a loopback zone, read back by selector.

const spki = (key: ReturnType<typeof generateKeyPairSync>['publicKey']) => key.export({ type: 'spki', format: 'der' }) as Buffer;
const rsa = (bits: number) => spki(generateKeyPairSync('rsa', { modulusLength: bits }).publicKey).toString('base64');
const ed25519Raw = spki(generateKeyPairSync('ed25519').publicKey).subarray(-32).toString('base64');
const rsa2048 = rsa(2048);
// A 2048-bit key is ~400 base64 characters: published as several strings of one record, as DNS needs.
const split = (text: string) => text.match(/.{1,200}/g)!;

const key = (domain: string, selector: string, ...txt: (string | string[])[]) => ({ [`${selector}._domainkey.${domain}`]: { TXT: txt } });

const zone: TZone = {
  ...key('d.test', 'k2048', split(`v=DKIM1; k=rsa; p=${rsa2048}`)),
  ...key('d.test', 'k1024', `v=DKIM1; k=rsa; p=${rsa(1024)}`),
  ...key('d.test', 'k512', `v=DKIM1; p=${rsa(512)}`),
  ...key('d.test', 'ed', `v=DKIM1; k=ed25519; p=${ed25519Raw}`),
  ...key('d.test', 'revoked', 'v=DKIM1; k=rsa; p='),
  ...key('d.test', 'testing', split(`v=DKIM1; t=y; k=rsa; p=${rsa2048}`)),
  ...key('d.test', 'garbage', 'v=DKIM1; k=rsa; p=bm90IGEga2V5'),
  ...key('d.test', 'sha1', split(`v=DKIM1; h=sha1; p=${rsa2048}`)),
  ...key('d.test', 'twice', `v=DKIM1; p=${ed25519Raw}; k=ed25519`, `v=DKIM1; p=${rsa2048}`),
  ...key('d.test', 'other', 'google-site-verification=abc'),
  's1._domainkey.d.test': { CNAME: 's1.domainkey.u1.wl.sender.test' },
  's1.domainkey.u1.wl.sender.test': { TXT: [split(`k=rsa; p=${rsa2048}`)] },
  'dangling._domainkey.d.test': { CNAME: 'gone.sender.test' },
  'loop1._domainkey.d.test': { CNAME: 'loop2._domainkey.d.test' },
  'loop2._domainkey.d.test': { CNAME: 'loop1._domainkey.d.test' },
  'slow._domainkey.d.test': { timeout: true },
};

let dns: TDnsZoneServer;
const check = (selector: string): Promise<TDkimCheck> => checkDkimSelector(new DnsClient(createResolver({ dnsServers: [dns.address], dnsTimeoutMs: 300, dnsTries: 1 })), 'd.test', selector);
const codes = (c: TDkimCheck) => c.findings.map((f) => f.code).sort();

beforeAll(async () => {
  dns = await startDnsZoneServer(zone);
});
afterAll(async () => {
  await dns.close();
});

describe('DKIM keys', () => {
  it('reads a 2048-bit RSA key split over several strings', async () => {
    const dkim = await check('k2048');
    expect(dkim).toMatchObject({ status: 'ok', key_type: 'rsa', key_bits: 2048, testing: false, name: 'k2048._domainkey.d.test', cname: [] });
    expect(codes(dkim)).toEqual([]);
  });

  it('reads an Ed25519 key', async () => {
    const dkim = await check('ed');
    expect(dkim).toMatchObject({ status: 'ok', key_type: 'ed25519', key_bits: 256 });
    expect(codes(dkim)).toEqual([]);
  });

  it.each([
    ['k1024', 'ok', ['dkim.key_weak'], 1024],
    ['k512', 'invalid', ['dkim.key_too_short'], 512],
    ['revoked', 'revoked', ['dkim.revoked'], null],
    ['testing', 'ok', ['dkim.testing'], 2048],
    ['garbage', 'invalid', ['dkim.key_invalid'], null],
    ['sha1', 'ok', ['dkim.hash_sha1'], 2048],
    ['twice', 'invalid', ['dkim.multiple_records'], null],
    ['missing', 'missing', ['dkim.missing'], null],
    ['other', 'missing', ['dkim.missing'], null],
    ['dangling', 'missing', ['dkim.missing'], null],
    ['loop1', 'failed', ['dkim.cname_loop'], null],
    ['slow', 'failed', ['dkim.lookup_failed'], null],
  ])('%s → %s %j', async (selector, status, expected, bits) => {
    const dkim = await check(selector);
    expect(codes(dkim)).toEqual(expected);
    expect(dkim.status).toBe(status);
    expect(dkim.key_bits).toBe(bits);
  });

  it('follows a CNAME to the key the sending service hosts', async () => {
    const dkim = await check('s1');
    expect(dkim).toMatchObject({ status: 'ok', key_bits: 2048, cname: ['s1.domainkey.u1.wl.sender.test'] });
    expect(codes(dkim)).toEqual([]);
  });

  it('flags t=y as a warning with the fix', async () => {
    const [f] = (await check('testing')).findings;
    expect(f).toMatchObject({ severity: 'warning', code: 'dkim.testing', fix: 'Remove t=y once signing works.' });
  });
});
