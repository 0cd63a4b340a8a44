import { prisma } from '@/lib/platform/db';
import { ingestVisibleSql, type TIngestViewer } from './ingest-visibility';

/** The id of an input the viewer may see (and so re-process), or null. */
export async function findIngestFileInScope(viewer: TIngestViewer, id: bigint): Promise<bigint | null> {
  const rows = await prisma().$queryRaw<{ id: string }[]>`
    SELECT f.id::text FROM ingest_file f WHERE f.id = ${id} AND ${ingestVisibleSql(viewer)}`;
  return rows[0] ? BigInt(rows[0].id) : null;
}
