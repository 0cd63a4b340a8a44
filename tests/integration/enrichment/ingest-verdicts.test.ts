import { beforeAll, describe, expect, it } from 'vitest';
import { prisma } from '../../../lib/platform/db/prisma';
import { loadEnrichmentConfig } from '../../../lib/sources/enrichment/config';
import { runEnrichment } from '../../../lib/sources/enrichment/run-enrichment';
import { ingestBuffer } from '../../../lib/ingest/pipeline';
import { buildSenderMap } from '../../../lib/sources/build-sender-map';
import { decideSource } from '../../../lib/sources/decide-source';
import { useTestDatabase } from '../../helpers/db';

// A crafted aggregate report through the real ingest pipeline, then the worker with DNS off
// (offline ASN/country/catalogue only): every verdict kind, and an approval that flips one.

const DOMAIN = 'acme-widgets.com';

interface TRecord {
  ip: string;
  count: number;
  dkim: 'pass' | 'fail';
  spf: 'pass' | 'fail';
  reason?: string;
  dkimDomain?: string;
  dkimResult?: string;
  spfDomain: string;
  spfResult: string;
}

function report(records: TRecord[]): Buffer {
  const day = Math.floor(Date.now() / 86_400_000) * 86_400 - 86_400;
  const rows = records
    .map(
      (r) => `  <record>
    <row><source_ip>${r.ip}</source_ip><count>${r.count}</count>
      <policy_evaluated><disposition>none</disposition><dkim>${r.dkim}</dkim><spf>${r.spf}</spf>${r.reason ? `<reason><type>${r.reason}</type></reason>` : ''}</policy_evaluated>
    </row>
    <identifiers><header_from>${DOMAIN}</header_from></identifiers>
    <auth_results>
      ${r.dkimDomain ? `<dkim><domain>${r.dkimDomain}</domain><selector>s1</selector><result>${r.dkimResult}</result></dkim>` : ''}
      <spf><domain>${r.spfDomain}</domain><scope>mfrom</scope><result>${r.spfResult}</result></spf>
    </auth_results>
  </record>`,
    )
    .join('\n');
  return Buffer.from(`<?xml version="1.0" encoding="UTF-8"?>
<feedback>
  <version>1.0</version>
  <report_metadata><org_name>google.com</org_name><email>noreply-dmarc-support@google.com</email>
    <report_id>verdicts-${day}</report_id><date_range><begin>${day}</begin><end>${day + 86_399}</end></date_range></report_metadata>
  <policy_published><domain>${DOMAIN}</domain><adkim>r</adkim><aspf>r</aspf><p>none</p><sp>none</sp><pct>100</pct></policy_published>
${rows}
</feedback>
`);
}

let domain: { id: number; name: string; organizationId: number };

beforeAll(async () => {
  await useTestDatabase();
  const org = await prisma().organization.create({ data: { name: 'Acme', slug: 'acme' } });
  domain = await prisma().domain.create({ data: { name: DOMAIN, organizationId: org.id }, select: { id: true, name: true, organizationId: true } });
  const outcome = await ingestBuffer({
    name: 'crafted.xml',
    source: 'cli',
    bytes: report([
      // Google Workspace: aligned and passing.
      { ip: '209.85.220.41', count: 300, dkim: 'pass', spf: 'pass', dkimDomain: DOMAIN, dkimResult: 'pass', spfDomain: DOMAIN, spfResult: 'pass' },
      // SendGrid: a fifth signed with the domain's key, the rest with d=sendgrid.net.
      { ip: '167.89.1.10', count: 20, dkim: 'pass', spf: 'fail', dkimDomain: DOMAIN, dkimResult: 'pass', spfDomain: 'sendgrid.net', spfResult: 'pass' },
      { ip: '167.89.1.10', count: 80, dkim: 'fail', spf: 'fail', dkimDomain: 'sendgrid.net', dkimResult: 'pass', spfDomain: 'sendgrid.net', spfResult: 'pass' },
      // A forwarder on a Hetzner address: DKIM survives, SPF breaks, receivers say "forwarded".
      { ip: '88.198.1.1', count: 40, dkim: 'pass', spf: 'fail', dkimDomain: DOMAIN, dkimResult: 'pass', spfDomain: 'fwd-mailhost.net', spfResult: 'pass' },
      { ip: '88.198.1.1', count: 10, dkim: 'fail', spf: 'fail', reason: 'forwarded', dkimDomain: DOMAIN, dkimResult: 'fail', spfDomain: 'fwd-mailhost.net', spfResult: 'pass' },
      // A spoofer on a Linode address.
      { ip: '45.33.1.1', count: 20, dkim: 'fail', spf: 'fail', spfDomain: DOMAIN, spfResult: 'fail' },
    ]),
  });
  expect(outcome.status).toBe('ingested');
  const run = await runEnrichment({ config: loadEnrichmentConfig({ ATLAS_ENRICH_DNS: 'off' }) });
  expect(run).toMatchObject({ addresses: 4, resolved: 0, failed: 0 });
});

describe('verdicts on an ingested report (offline enrichment only)', () => {
  const window = () => {
    const end = new Date(Math.floor(Date.now() / 86_400_000) * 86_400_000 + 86_400_000);
    return { start: new Date(end.getTime() - 7 * 86_400_000), end };
  };

  it('gives each kind of source its verdict', async () => {
    const map = await buildSenderMap({ domainIds: [domain.id] }, domain, window());
    const verdicts = Object.fromEntries(map.sources.map((s) => [s.key, [s.label, s.verdict.verdict]]));
    expect(verdicts).toEqual({
      'service:google-workspace': ['Google Workspace', 'authorised_passing'],
      'service:sendgrid': ['SendGrid', 'authorised_failing'],
      'service:hetzner': ['Hetzner', 'forwarder'],
      'service:akamai-linode': ['Akamai Cloud (Linode)', 'unknown'],
    });
    const sendgrid = map.sources.find((s) => s.key === 'service:sendgrid');
    expect(sendgrid?.advice[0]).toMatch(/SendGrid signs 80% of this mail with d=sendgrid\.net, not acme-widgets\.com/);
    expect(map.totals).toMatchObject({ messages: 470, namedMessages: 400 });
  });

  it('an approval turns the spoofing verdict into an authorised one', async () => {
    await decideSource({ domainId: domain.id, sourceKey: 'service:akamai-linode', decision: 'approved' }, { userId: null, label: 'cli', organizationId: domain.organizationId });
    const map = await buildSenderMap({ domainIds: [domain.id] }, domain, window());
    expect(map.sources.find((s) => s.key === 'service:akamai-linode')?.verdict).toMatchObject({ verdict: 'authorised_failing', authorisedBy: 'decision' });
  });
});
