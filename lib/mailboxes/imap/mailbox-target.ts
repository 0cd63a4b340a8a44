import { decryptSecret } from '@/lib/platform/crypto';
import { prisma } from '@/lib/platform/db';
import type { EnvMailbox } from '@/lib/mailboxes/env-mailboxes';
import { MAILBOX_CONNECTION_SELECT, type TMailboxConnectionRow } from '@/lib/mailboxes/mailbox-view';
import type { TAfterIngest, TAuthType } from '@/lib/mailboxes/schema';
import type { MailboxTarget } from './watch-mailbox';

/** Everything that, when changed, needs a new connection (compared by the poller's refresh). */
export function targetFingerprint(row: TMailboxConnectionRow, env: ReadonlyMap<string, EnvMailbox>): string {
  const envSecret = row.organizationId === null ? (env.get(row.label)?.secret ?? '') : '';
  return JSON.stringify([row.host, row.port, row.tls, row.username, row.secretEnc, envSecret, row.authType, row.folder, row.processedFolder, row.failedFolder, row.afterIngest]);
}

/** A mailbox row with its secret: from the environment for env mailboxes, else decrypted. */
export async function loadMailboxTarget(id: number, env: ReadonlyMap<string, EnvMailbox>): Promise<MailboxTarget | null> {
  const row = await prisma().mailbox.findUnique({ where: { id }, select: MAILBOX_CONNECTION_SELECT });
  if (!row) return null;
  let secret: string;
  if (row.organizationId === null) {
    // Served while in this worker's ATLAS_IMAP_URL, whatever another worker's list says.
    const fromEnv = env.get(row.label);
    if (!fromEnv) return null;
    secret = fromEnv.secret;
  } else {
    if (!row.enabled) return null;
    if (!row.secretEnc) throw new Error('No password or token is stored for this mailbox.');
    secret = decryptSecret(row.secretEnc);
  }
  return {
    plan: {
      id: row.id,
      label: row.label,
      username: row.username,
      host: row.host,
      port: row.port,
      folder: row.folder,
      processedFolder: row.processedFolder,
      failedFolder: row.failedFolder,
      afterIngest: row.afterIngest as TAfterIngest,
    },
    endpoint: { label: row.label, host: row.host, port: row.port, tls: row.tls, username: row.username, authType: row.authType as TAuthType, secret },
  };
}
