import MailComposer from 'nodemailer/lib/mail-composer';
import { beforeAll, describe, expect, it } from 'vitest';
import { ingestBuffer } from '../../../lib/ingest/pipeline';
import { useTestDatabase } from '../../helpers/db';
import { D0, DAY, one, ownDomains, rollupMismatches, xmlReport } from './helpers';

// Issue 11: which copy of a report is stored never depends on the order the copies arrive in.
// Copies with the same normalised content are duplicates whatever their bytes (a bare .xml and
// the .eml that carried it); copies whose content differs are ranked by one fixed rule (more
// records, more messages, fewer parser warnings, then the content hash), so any order of
// arrival ends in the same stored report and a second pass over the same files replaces nothing.

type Copy = 'clean' | 'repaired' | 'mailed' | 'larger';

/** The copies of one report (one dedupe key) for `domain`; each order below gets a domain of its own. */
async function copiesFor(domain: string): Promise<Record<Copy, Buffer>> {
  const spec = { reportId: 'order-1', domain, begin: D0, end: D0 + DAY - 1, records: [{ count: 5 }, { count: 7, dkim: 'fail', spf: 'fail' }] };
  const withContact = (xml: Buffer, contact: Buffer) => {
    const at = xml.indexOf('</email>') + '</email>'.length;
    return Buffer.concat([xml.subarray(0, at), Buffer.from('<extra_contact_info>'), contact, Buffer.from('</extra_contact_info>'), xml.subarray(at)]);
  };
  const clean = withContact(xmlReport(spec), Buffer.from('café', 'utf8'));
  // The same report with one byte that is not UTF-8 (latin-1 é): read with U+FFFD and a warning.
  const repaired = withContact(xmlReport(spec), Buffer.from('caf\xe9', 'latin1'));
  const mailed = await new MailComposer({
    from: 'noreply-dmarc@reporter.example', to: 'dmarc@example.com', subject: `Report domain: ${domain}`,
    attachments: [{ filename: 'report.xml', content: clean, contentType: 'text/xml' }],
  }).compile().build();
  const larger = withContact(xmlReport({ ...spec, records: [...spec.records, { count: 1, ip: '198.51.100.1' }] }), Buffer.from('café', 'utf8'));
  return { clean, repaired, mailed, larger };
}

async function ingestAll(copies: Record<Copy, Buffer>, order: Copy[]): Promise<string[]> {
  const outcomes: string[] = [];
  for (const [i, copy] of order.entries()) {
    const o = await ingestBuffer({ bytes: copies[copy], name: `${i}-${copy}.${copy === 'mailed' ? 'eml' : 'xml'}`, source: 'cli' });
    outcomes.push(o.reports[0].outcome);
  }
  return outcomes;
}

/** What is stored for the domain's report, apart from the domain itself. */
function storedReport(domain: string): Promise<{ record_count: number; message_count: string; extra_contact_info: string; warnings: unknown }> {
  return one("SELECT record_count, message_count, extra_contact_info, warnings FROM report WHERE policy_domain = $1 AND report_id = 'order-1'", [domain]);
}

async function endState(order: Copy[], domain: string) {
  const copies = await copiesFor(domain);
  const first = await ingestAll(copies, order);
  const secondPass = await ingestAll(copies, order);
  return { first, secondPass, stored: await storedReport(domain) };
}

const ORDERS: Array<[string, Copy[], Copy[]]> = [
  ['repaired then clean', ['repaired', 'clean'], ['clean', 'repaired']],
  ['clean then mailed', ['clean', 'mailed'], ['mailed', 'clean']],
  ['clean then larger', ['clean', 'larger'], ['larger', 'clean']],
];

describe('the copy kept does not depend on the order of arrival', () => {
  let n = 0;
  const domains: string[] = Array.from({ length: 20 }, (_, i) => `order-${i}.example`);
  const nextDomain = () => domains[n++];

  beforeAll(async () => {
    await useTestDatabase();
    await ownDomains('Order Inc', domains);
  });

  for (const [name, forward, backward] of ORDERS) {
    it(`${name}: A then B, B then A and A, B, A, B end with the same report, and a second pass replaces nothing`, async () => {
      const a = await endState(forward, nextDomain());
      const b = await endState(backward, nextDomain());
      const abab = await endState([...forward, ...forward], nextDomain());
      expect(b.stored).toEqual(a.stored);
      expect(abab.stored).toEqual(a.stored);
      for (const run of [a, b, abab]) expect(run.secondPass.filter((o) => o === 'replaced')).toEqual([]);
    });
  }

  it('the same content in other bytes is a duplicate both ways: a report and the mail that carried it', async () => {
    expect((await endState(['clean', 'mailed'], nextDomain())).first).toEqual(['ingested', 'duplicate']);
    expect((await endState(['mailed', 'clean'], nextDomain())).first).toEqual(['ingested', 'duplicate']);
  });

  it('keeps the clean copy over the repaired one, and the copy with more records over the one with fewer, whichever came first', async () => {
    const repairedFirst = await endState(['repaired', 'clean'], nextDomain());
    const cleanFirst = await endState(['clean', 'repaired'], nextDomain());
    expect(repairedFirst.first).toEqual(['ingested', 'replaced']);
    expect(cleanFirst.first).toEqual(['ingested', 'duplicate']);
    expect(cleanFirst.stored).toMatchObject({ extra_contact_info: 'café', warnings: [] });

    const largerLast = await endState(['clean', 'larger'], nextDomain());
    const largerFirst = await endState(['larger', 'clean'], nextDomain());
    expect(largerLast.first).toEqual(['ingested', 'replaced']);
    expect(largerFirst.first).toEqual(['ingested', 'duplicate']);
    expect(largerFirst.stored).toMatchObject({ record_count: 3, message_count: '13' });
  });

  it('all four copies, in one order and in the reverse: the same stored report, rollups consistent', async () => {
    const all: Copy[] = ['repaired', 'clean', 'mailed', 'larger'];
    const forward = await endState(all, nextDomain());
    const reverse = await endState([...all].reverse(), nextDomain());
    expect(reverse.stored).toEqual(forward.stored);
    expect(forward.stored).toMatchObject({ record_count: 3, message_count: '13', extra_contact_info: 'café', warnings: [] });
    expect([...forward.secondPass, ...reverse.secondPass].filter((o) => o === 'replaced')).toEqual([]);
    expect(await rollupMismatches()).toEqual([]);
  });
});
