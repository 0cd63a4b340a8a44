import { getPool } from '@/lib/platform/db';
import type { TAccessScope } from '@/lib/access';

export interface TReportXml {
  /** The stored blob: gzip of the XML exactly as the reporter sent it (after unwrapping its container). */
  gz: Buffer;
  /** Bytes of the XML itself. */
  size: number;
  sha256: string;
  orgName: string;
  policyDomain: string;
  reportId: string;
  begin: Date;
  end: Date;
}

/** A report's raw XML blob (compressed), or null when the report is outside the scope. */
export async function getReportXml(scope: TAccessScope, reportRowId: bigint): Promise<TReportXml | null> {
  if (scope.domainIds.length === 0) return null;
  const { rows } = await getPool().query<{
    bytes: Buffer; size: string; sha256: string; org_name: string; policy_domain: string; report_id: string; begin_at: Date; end_at: Date;
  }>(
    `SELECT b.bytes, b.size::text, b.sha256, r.org_name, r.policy_domain, r.report_id, r.begin_at, r.end_at
       FROM report r JOIN raw_blob b ON b.id = r.xml_blob_id
      WHERE r.id = $1 AND r.domain_id = ANY($2::int[])`,
    [reportRowId.toString(), scope.domainIds],
  );
  const r = rows[0];
  if (!r) return null;
  return { gz: r.bytes, size: Number(r.size), sha256: r.sha256, orgName: r.org_name, policyDomain: r.policy_domain, reportId: r.report_id, begin: r.begin_at, end: r.end_at };
}
