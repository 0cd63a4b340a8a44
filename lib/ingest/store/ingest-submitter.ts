import { getPool } from '@/lib/platform/db';

/**
 * Notes that an organisation handed this input in (an upload, an API call): its ingest log then
 * lists it. Idempotent — sending the same file again is another attempt on the same row.
 */
export async function recordSubmitter(ingestFileId: bigint, organizationId: number): Promise<void> {
  await getPool().query(
    'INSERT INTO ingest_submitter (organization_id, ingest_file_id) VALUES ($1, $2) ON CONFLICT DO NOTHING',
    [organizationId, ingestFileId.toString()],
  );
}
