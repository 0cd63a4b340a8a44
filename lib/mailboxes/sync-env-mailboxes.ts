import { Prisma, prisma } from '@/lib/platform/db';
import { log } from '@/lib/platform/log';
import type { EnvMailbox } from './env-mailboxes';

// Serialises concurrent workers' syncs: NULL organisation ids are distinct to the unique index,
// so two workers starting together could otherwise both create the same env mailbox.
const SYNC_LOCK: [number, number] = [0x41544c4d, 0];

/**
 * Mirrors ATLAS_IMAP_URL into the mailbox table (rows without an organisation), so env
 * mailboxes get ids, progress and status like the others; rows no longer in any worker's
 * environment are disabled, not deleted (their ingest log keeps pointing at them). Returns the ids.
 */
export async function syncEnvMailboxes(mailboxes: EnvMailbox[]): Promise<Map<string, number>> {
  return prisma().$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(${SYNC_LOCK[0]}::int, ${SYNC_LOCK[1]}::int)`;
    const ids = new Map<string, number>();
    for (const m of mailboxes) {
      const data = {
        host: m.host,
        port: m.port,
        tls: m.tls,
        username: m.username,
        authType: m.authType,
        folder: m.folder,
        processedFolder: m.processedFolder,
        failedFolder: m.failedFolder,
        afterIngest: m.afterIngest,
        enabled: true,
        secretEnc: null,
        kind: m.kind,
        // The non-secret half, for the settings page; the secrets stay in the environment.
        oauth: m.oauth ?? Prisma.DbNull,
      };
      const existing = await tx.mailbox.findFirst({ where: { organizationId: null, label: m.label }, select: { id: true, folder: true } });
      if (existing) {
        // Another folder is another UID space: progress starts over there.
        const reset = existing.folder !== m.folder ? { uidValidity: null, lastUid: 0n, cursor: null } : {};
        await tx.mailbox.update({ where: { id: existing.id }, data: { ...data, ...reset } });
        ids.set(m.label, existing.id);
      } else {
        const created = await tx.mailbox.create({ data: { ...data, label: m.label }, select: { id: true } });
        ids.set(m.label, created.id);
        log.info({ mailbox: m.label }, 'mailbox from ATLAS_IMAP_URL registered');
      }
    }
    // Workers may run with different ATLAS_IMAP_URL lists (or none): a row missing from this
    // worker's list is retired only once no worker has touched it for a day.
    await tx.$executeRaw`
      UPDATE mailbox SET enabled = false
       WHERE organization_id IS NULL AND enabled AND NOT (label = ANY(${mailboxes.map((m) => m.label)}::text[]))
         AND GREATEST(last_success_at, last_error_at, created_at) < now() - interval '1 day'`;
    return ids;
  });
}
