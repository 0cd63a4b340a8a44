import { generateKeyPairSync } from 'node:crypto';
import { dkimSign } from 'mailauth';
import MailComposer from 'nodemailer/lib/mail-composer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMailVerifier } from '../../../lib/ingest/authenticity/verify-mail';
import { ingestBuffer } from '../../../lib/ingest/pipeline';
import { createResolver, loadDnsConfig } from '../../../lib/platform/dns';
import { startDnsZoneServer, type TDnsZoneServer } from '../../helpers/dns-zone-server';
import { useTestDatabase } from '../../helpers/db';
import { D0, DAY, one, ownDomains, rows, xmlReport, type Rec } from './helpers';

// Issue 17: a report that arrives by mail is checked with mailauth (DKIM, aligned with From,
// by the reporter's own domain) and stored as verified or not. A verified report is never
// replaced by an unverified copy, whatever the order of arrival; a replacement by other
// content is written to the audit log of the organisation that owns the domain.

const SELECTOR = 's1';

function keyPair() {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return {
    privateKey: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    dns: `v=DKIM1; k=rsa; p=${publicKey.export({ type: 'spki', format: 'der' }).toString('base64')}`,
  };
}
const reporterKey = keyPair();
const attackerKey = keyPair();

/** A report mail as a reporter sends it, DKIM-signed by `signer` (or not signed). */
async function reportMail(xml: Buffer, from: string, signer: { domain: string; privateKey: string } | null): Promise<Buffer> {
  const raw = await new MailComposer({
    from, to: 'dmarc@auth.example', subject: 'Report domain: auth.example',
    attachments: [{ filename: 'report.xml', content: xml, contentType: 'text/xml' }],
  }).compile().build();
  if (!signer) return raw;
  const signature = { signingDomain: signer.domain, selector: SELECTOR, privateKey: signer.privateKey };
  // mailauth signs with `signatureData`; its typings also require the same fields at the top.
  const { signatures, errors } = await dkimSign(raw, { ...signature, signatureData: [signature] });
  expect(errors).toEqual([]);
  return Buffer.concat([Buffer.from(signatures), raw]);
}

describe('report authenticity', () => {
  let dns: TDnsZoneServer;
  let verifyMail: ReturnType<typeof createMailVerifier>;
  let orgId = 0;
  const reporter = { domain: 'reporter.example', privateKey: reporterKey.privateKey };
  const attacker = { domain: 'attacker.example', privateKey: attackerKey.privateKey };

  beforeAll(async () => {
    await useTestDatabase();
    const domains = await ownDomains('Auth Org', ['auth.example']);
    orgId = (await one<{ organization_id: number }>('SELECT organization_id FROM domain WHERE id = $1', [domains.get('auth.example')])).organization_id;
    dns = await startDnsZoneServer({
      [`${SELECTOR}._domainkey.reporter.example`]: { TXT: [reporterKey.dns] },
      [`${SELECTOR}._domainkey.attacker.example`]: { TXT: [attackerKey.dns] },
    });
    verifyMail = createMailVerifier(createResolver(loadDnsConfig({ ATLAS_DNS_SERVERS: dns.address, ATLAS_DNS_TIMEOUT_MS: '2000', ATLAS_DNS_TRIES: '1' })));
  });
  afterAll(() => dns?.close());

  let day = 0;
  /** A fresh report key for each test, and its copies with 1..n records. */
  const newKey = () => {
    const begin = D0 + day++ * DAY;
    const id = `auth-${day}`;
    const copy = (records: number) => xmlReport({ reportId: id, domain: 'auth.example', begin, end: begin + DAY - 1, records: Array.from({ length: records }, (_, i): Rec => ({ count: 10 + i })) });
    return { id, copy };
  };
  const ingest = async (bytes: Buffer, name: string) => (await ingestBuffer({ bytes, name, source: 'imap' }, { verifyMail })).reports[0];
  const stored = (id: string) => one<{ record_count: number; verified_by: string | null; auth_note: string | null }>('SELECT record_count, verified_by, auth_note FROM report WHERE report_id = $1', [id]);
  const replacements = (id: string) => rows<{ organization_id: number; details: { before: { records: number; verified_by: string | null }; after: { records: number; verified_by: string | null } } }>(
    "SELECT a.organization_id, a.details FROM audit_log a JOIN report r ON r.id::text = a.target_id WHERE a.action = 'report.replaced' AND r.report_id = $1 ORDER BY a.id",
    [id],
  );

  it('stores a report from a mail signed by the reporter’s own domain as verified, with the check in words', async () => {
    const { id, copy } = newKey();
    expect((await ingest(await reportMail(copy(2), 'noreply-dmarc@reporter.example', reporter), 'signed.eml')).outcome).toBe('ingested');
    expect(await stored(id)).toEqual({ record_count: 2, verified_by: 'reporter.example', auth_note: expect.stringContaining('dkim=pass d=reporter.example') });
  });

  it('does not verify a mail signed by another domain, nor an unsigned one', async () => {
    const forged = newKey();
    await ingest(await reportMail(forged.copy(2), 'dmarc@attacker.example', attacker), 'forged.eml');
    expect(await stored(forged.id)).toEqual({ record_count: 2, verified_by: null, auth_note: expect.stringContaining("signed by attacker.example, which is not the reporter's domain") });
    const unsigned = newKey();
    await ingest(await reportMail(unsigned.copy(2), 'noreply-dmarc@reporter.example', null), 'unsigned.eml');
    expect(await stored(unsigned.id)).toEqual({ record_count: 2, verified_by: null, auth_note: 'no DKIM signature' });
  });

  it('never replaces a verified report by an unverified copy (an upload, a forged mail), in either order', async () => {
    const { id, copy } = newKey();
    await ingest(await reportMail(copy(2), 'noreply-dmarc@reporter.example', reporter), 'signed.eml');
    // Copies with more records would rank first among unverified ones; here they change nothing.
    expect((await ingest(copy(5), 'uploaded.xml')).outcome).toBe('duplicate');
    expect((await ingest(await reportMail(copy(9), 'dmarc@attacker.example', attacker), 'forged.eml')).outcome).toBe('duplicate');
    expect(await stored(id)).toMatchObject({ record_count: 2, verified_by: 'reporter.example' });
    expect(await replacements(id)).toEqual([]);

    // The other order: the unverified copy first, then the signed mail replaces it, audited.
    const other = newKey();
    await ingest(other.copy(5), 'uploaded.xml');
    expect((await ingest(await reportMail(other.copy(2), 'noreply-dmarc@reporter.example', reporter), 'signed.eml')).outcome).toBe('replaced');
    expect(await stored(other.id)).toMatchObject({ record_count: 2, verified_by: 'reporter.example' });
    expect(await replacements(other.id)).toEqual([
      { organization_id: orgId, details: expect.objectContaining({ before: expect.objectContaining({ records: 5, verified_by: null }), after: expect.objectContaining({ records: 2, verified_by: 'reporter.example' }) }) },
    ]);
  });

  it('marks the same content verified when the signed mail comes after an upload of it', async () => {
    const { id, copy } = newKey();
    await ingest(copy(3), 'uploaded.xml');
    expect((await ingest(await reportMail(copy(3), 'noreply-dmarc@reporter.example', reporter), 'signed.eml')).outcome).toBe('duplicate');
    expect(await stored(id)).toMatchObject({ record_count: 3, verified_by: 'reporter.example' });
    expect(await replacements(id)).toEqual([]);
  });

  it('records a verified correction in the audit log of the domain’s organisation', async () => {
    const { id, copy } = newKey();
    await ingest(await reportMail(copy(2), 'noreply-dmarc@reporter.example', reporter), 'signed.eml');
    expect((await ingest(await reportMail(copy(4), 'noreply-dmarc@reporter.example', reporter), 'corrected.eml')).outcome).toBe('replaced');
    expect(await replacements(id)).toEqual([
      { organization_id: orgId, details: expect.objectContaining({ before: expect.objectContaining({ records: 2 }), after: expect.objectContaining({ records: 4, verified_by: 'reporter.example' }) }) },
    ]);
  });
});
