import type pg from 'pg';
import { IngestError } from '@/lib/ingest/errors';
import type { DedupeKey } from './report-key';

/**
 * For an API token or a session: a report is written only when its policy domain is one of
 * the organisation's own. Anything else — another organisation's domain, a domain nobody owns
 * — is refused with the same words, before the report is looked up, so the answer tells
 * nothing about other organisations (not even whether they have that report).
 */
export function admitFor(organizationId: number): (client: pg.ClientBase, key: DedupeKey) => Promise<void> {
  return async (client, key) => {
    const owned = await client.query({
      name: 'atlas_admit_report',
      text: 'SELECT 1 FROM domain WHERE name = $1 AND organization_id = $2',
      values: [key.policyDomain, organizationId],
    });
    if (owned.rowCount === 0) {
      throw new IngestError(
        'domain.not_yours',
        `${key.policyDomain} is not a domain of your organisation: add it (Settings › Domains) before uploading its reports.`,
      );
    }
  };
}
