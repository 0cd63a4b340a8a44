import type pg from 'pg';
import { applyRollup } from './rollup';

/**
 * Deletes a stored report with its records (trigger report_delete_records) after taking its
 * contribution out of the rollups, inside the caller's transaction. Returns false when it
 * does not exist.
 */
export async function removeReport(client: pg.ClientBase, reportRowId: bigint): Promise<boolean> {
  const res = await client.query<{ domain_id: number | null; org_name: string; begin: string; end: string }>(
    `SELECT domain_id, org_name, extract(epoch FROM begin_at)::bigint AS begin, extract(epoch FROM end_at)::bigint AS end
     FROM report WHERE id = $1 FOR UPDATE`,
    [reportRowId.toString()],
  );
  const r = res.rows[0];
  if (!r) return false;
  if (r.domain_id !== null) {
    await applyRollup(client, { reportRowId, domainId: r.domain_id, orgName: r.org_name, begin: Number(r.begin), end: Number(r.end) }, -1);
  }
  await client.query('DELETE FROM report WHERE id = $1', [reportRowId.toString()]);
  return true;
}
