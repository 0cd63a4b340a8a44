import { randomBytes } from 'node:crypto';
import { ingestBuffer } from '../../lib/ingest';

// Aggregate reports written as reporters write them (RFC 7489 XML), ingested through the real
// pipeline: what the digest and alert tests read is what a fresh install would hold.

export interface TRecordSpec {
  ip: string;
  count: number;
  /** DMARC's aligned results; both fail = a failing row. */
  dkim: 'pass' | 'fail';
  spf: 'pass' | 'fail';
  disposition?: 'none' | 'quarantine' | 'reject';
  dkimDomain?: string;
  spfDomain?: string;
}

export interface TReportSpec {
  domain: string;
  /** One UTC day, YYYY-MM-DD: the report covers 00:00–23:59:59 of it. */
  day: string;
  reporter: string;
  records: TRecordSpec[];
  p?: 'none' | 'quarantine' | 'reject';
}

export function dmarcReportXml(spec: TReportSpec): string {
  const begin = Date.parse(`${spec.day}T00:00:00Z`) / 1000;
  const rows = spec.records
    .map(
      (r) => `  <record>
    <row><source_ip>${r.ip}</source_ip><count>${r.count}</count>
      <policy_evaluated><disposition>${r.disposition ?? 'none'}</disposition><dkim>${r.dkim}</dkim><spf>${r.spf}</spf></policy_evaluated></row>
    <identifiers><header_from>${spec.domain}</header_from></identifiers>
    <auth_results>
      <dkim><domain>${r.dkimDomain ?? spec.domain}</domain><result>${r.dkim}</result></dkim>
      <spf><domain>${r.spfDomain ?? spec.domain}</domain><result>${r.spf}</result></spf>
    </auth_results>
  </record>`,
    )
    .join('\n');
  return `<?xml version="1.0" encoding="UTF-8"?>
<feedback>
  <report_metadata><org_name>${spec.reporter}</org_name><email>dmarc@${spec.reporter}</email>
    <report_id>${spec.reporter}-${spec.domain}-${spec.day}-${randomBytes(4).toString('hex')}</report_id>
    <date_range><begin>${begin}</begin><end>${begin + 86_399}</end></date_range></report_metadata>
  <policy_published><domain>${spec.domain}</domain><adkim>r</adkim><aspf>r</aspf><p>${spec.p ?? 'none'}</p><sp>${spec.p ?? 'none'}</sp><pct>100</pct></policy_published>
${rows}
</feedback>
`;
}

/** Ingests each report as its own file (as a mailbox would deliver them). */
export async function ingestReports(specs: TReportSpec[]): Promise<void> {
  for (const spec of specs) {
    const outcome = await ingestBuffer({ bytes: Buffer.from(dmarcReportXml(spec)), name: `${spec.reporter}!${spec.domain}!${spec.day}.xml`, source: 'cli' });
    if (outcome.status !== 'ingested') throw new Error(`report for ${spec.domain} ${spec.day} not ingested: ${outcome.status} ${outcome.error ?? ""}`);
  }
}
