import { Prisma } from '@/lib/platform/db';

/** Who is looking at the ingest log: organisations of the scope, and whether they run the instance. */
export interface TIngestViewer {
  organizationIds: number[];
  /** Instance admins also see inputs nobody submitted through the app (CLI, ATLAS_IMAP_URL mailboxes, demo). */
  instanceAdmin: boolean;
}

/**
 * The inputs `f` a viewer may see: those its organisations uploaded (ingest_submitter), those
 * of its organisations' mailboxes, and — for instance admins — the instance's own.
 */
export function ingestVisibleSql(viewer: TIngestViewer): Prisma.Sql {
  const orgs = viewer.organizationIds;
  const own = Prisma.sql`(EXISTS (SELECT 1 FROM ingest_submitter s WHERE s.ingest_file_id = f.id AND s.organization_id = ANY(${orgs}::int[]))
    OR EXISTS (SELECT 1 FROM mailbox m WHERE m.id = f.mailbox_id AND m.organization_id = ANY(${orgs}::int[])))`;
  if (!viewer.instanceAdmin) return own;
  return Prisma.sql`(${own} OR (NOT EXISTS (SELECT 1 FROM ingest_submitter s WHERE s.ingest_file_id = f.id)
    AND NOT EXISTS (SELECT 1 FROM mailbox m WHERE m.id = f.mailbox_id AND m.organization_id IS NOT NULL)))`;
}
