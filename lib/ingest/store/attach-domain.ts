import { reportDay } from './day-spans';
import { applyRollup } from './rollup';
import { domainLockName } from './report-key';
import { withTransaction } from './transaction';

/**
 * Attaches the reports set aside for a domain (reports nobody owned when they arrived) to
 * it, and builds their rollups: called once the domain belongs to an organisation. Returns
 * how many reports were attached. Idempotent.
 *
 * Holds the domain's advisory lock exclusively while ingests hold it shared during routing,
 * so a report arriving at the same moment is either routed to the domain or attached here.
 */
export async function attachSetAsideReports(domainId: number): Promise<number> {
  return withTransaction(async (client) => {
    const domain = await client.query<{ name: string }>('SELECT name FROM domain WHERE id = $1', [domainId]);
    const name = domain.rows[0]?.name;
    if (name === undefined) throw new Error(`No domain with id ${domainId}.`);
    await client.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [domainLockName(name)]);
    const attached = await client.query<{ id: string; org_name: string; begin: string; end: string }>(
      `UPDATE report SET domain_id = $1 WHERE domain_id IS NULL AND policy_domain = $2
       RETURNING id, org_name, extract(epoch FROM begin_at)::bigint AS begin, extract(epoch FROM end_at)::bigint AS end`,
      [domainId, name],
    );
    const rows = [...attached.rows].sort((a, b) => (BigInt(a.id) < BigInt(b.id) ? -1 : 1));
    for (const r of rows) {
      // The records carry their report's domain too (the tenant column): one partition each.
      await client.query('UPDATE report_record SET domain_id = $1 WHERE report_day = $2::date AND report_id = $3', [
        domainId, reportDay(Number(r.begin)), r.id,
      ]);
      await applyRollup(client, { reportRowId: BigInt(r.id), domainId, orgName: r.org_name, begin: Number(r.begin), end: Number(r.end) }, 1);
    }
    return rows.length;
  });
}
