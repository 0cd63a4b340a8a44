import { prisma } from '@/lib/platform/db';
import type { EnvMailbox } from '@/lib/mailboxes/env-mailboxes';
import { mailboxAuth } from '@/lib/mailboxes/oauth/mailbox-auth';
import { MAILBOX_CONNECTION_SELECT, type TMailboxConnectionRow } from '@/lib/mailboxes/mailbox-view';
import type { TAfterIngest, TAuthType } from '@/lib/mailboxes/schema';
import type { MailboxTarget } from './watch-mailbox';

/** Everything that, when changed, needs a new connection (compared by the poller's refresh). */
export function targetFingerprint(row: TMailboxConnectionRow, env: ReadonlyMap<string, EnvMailbox>): string {
  const fromEnv = row.organizationId === null ? env.get(row.label) : undefined;
  const envAuth = fromEnv ? [fromEnv.secret, fromEnv.secretFile, fromEnv.refreshToken, fromEnv.oauth] : [];
  return JSON.stringify([row.host, row.port, row.tls, row.username, row.secretEnc, envAuth, row.authType, row.folder, row.processedFolder, row.failedFolder, row.afterIngest, row.kind, row.oauth, row.refreshTokenEnc]);
}

/** A mailbox row with its secret: from the environment for env mailboxes, else decrypted. */
export async function loadMailboxTarget(id: number, env: ReadonlyMap<string, EnvMailbox>): Promise<MailboxTarget | null> {
  const row = await prisma().mailbox.findUnique({ where: { id }, select: MAILBOX_CONNECTION_SELECT });
  if (!row) return null;
  // Env mailboxes are served while in this worker's ATLAS_IMAP_URL, whatever another worker's list says.
  if (row.organizationId !== null && !row.enabled) return null;
  const auth = mailboxAuth(row, env);
  if (!auth) return null;
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
    endpoint: { label: row.label, host: row.host, port: row.port, tls: row.tls, username: row.username, authType: row.authType as TAuthType, secret: auth.secret, tokens: auth.tokens },
  };
}
