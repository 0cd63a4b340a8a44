import type pg from 'pg';
import type { TAuditActor } from '@/lib/platform/audit';
import type { TAuthenticity } from '@/lib/ingest/authenticity/report-authenticity';
import type { TReportCopy } from './choose-kept-report';
import type { DedupeKey } from './report-key';

/** A stored report as the replacement rule and the audit log see it. */
export interface TStoredCopy extends TReportCopy {
  verifiedBy: string | null;
}

/** Sets a report's authenticity (the store's insert leaves it null: not received by mail). */
export async function recordAuthenticity(client: pg.ClientBase, reportRowId: bigint, auth: TAuthenticity): Promise<void> {
  await recordAuthenticities(client, [{ reportRowId, auth }]);
}

/**
 * A replacement by different content is recorded in the audit log of the organisation that
 * owns the report's domain (none while it is set aside), in the same transaction as the
 * replacement itself: a reporter's correction and a forgery attempt both leave a trace the
 * domain's owners can read, with both copies' figures and authenticity.
 */
export async function auditReplacement(
  client: pg.ClientBase,
  entry: { reportRowId: bigint; domainId: number | null; key: DedupeKey; before: TStoredCopy; after: TStoredCopy; actor: TAuditActor | undefined; ingestFileId: bigint | null },
): Promise<void> {
  const copy = (c: TStoredCopy) => ({ records: c.records, messages: c.messages.toString(), verified_by: c.verifiedBy, content_hash: c.contentHash.slice(0, 16) });
  const details = {
    reporter: entry.key.orgName,
    report_id: entry.key.reportId,
    domain: entry.key.policyDomain,
    before: copy(entry.before),
    after: copy(entry.after),
    ingest_file_id: entry.ingestFileId?.toString() ?? null,
  };
  await client.query({
    name: 'atlas_audit_report_replaced',
    text: `INSERT INTO audit_log (organization_id, actor_user_id, actor_token_id, actor_label, action, target_type, target_id, details)
           VALUES ((SELECT organization_id FROM domain WHERE id = $1), $2, $3, $4, 'report.replaced', 'report', $5, $6::jsonb)`,
    values: [entry.domainId, entry.actor?.userId ?? null, entry.actor?.tokenId ?? null, entry.actor?.label ?? null, entry.reportRowId.toString(), JSON.stringify(details)],
  });
}

/** recordAuthenticity for many reports in one statement. */
export async function recordAuthenticities(client: pg.ClientBase, rows: Array<{ reportRowId: bigint; auth: TAuthenticity }>): Promise<void> {
  if (rows.length === 0) return;
  await client.query({
    name: 'atlas_report_authenticities',
    text: 'UPDATE report r SET verified_by = u.verified_by, auth_note = u.auth_note FROM unnest($1::bigint[], $2::text[], $3::text[]) AS u(id, verified_by, auth_note) WHERE r.id = u.id',
    values: [rows.map((r) => r.reportRowId.toString()), rows.map((r) => r.auth.verifiedBy), rows.map((r) => r.auth.note)],
  });
}
