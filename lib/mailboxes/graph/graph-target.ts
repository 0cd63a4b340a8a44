import { prisma } from '@/lib/platform/db';
import type { MailboxPlan } from '@/lib/mailboxes/imap/types';
import type { EnvMailbox } from '@/lib/mailboxes/env-mailboxes';
import { MAILBOX_CONNECTION_SELECT } from '@/lib/mailboxes/mailbox-view';
import type { TokenProvider } from '@/lib/mailboxes/oauth/cached-token';
import { mailboxAuth } from '@/lib/mailboxes/oauth/mailbox-auth';
import type { TAfterIngest } from '@/lib/mailboxes/schema';

export interface GraphTarget {
  plan: MailboxPlan;
  /** `https://graph.microsoft.com/v1.0`, or a national cloud's Graph host. */
  baseUrl: string;
  tokens: TokenProvider;
  clientId?: string;
}

export function graphBaseUrl(host: string, port: number): string {
  return `https://${host.includes(':') ? `[${host}]` : host}${port === 443 ? '' : `:${port}`}/v1.0`;
}

/** A Graph mailbox row with its token provider (null when disabled, deleted, or not this worker's). */
export async function loadGraphTarget(id: number, env: ReadonlyMap<string, EnvMailbox>): Promise<GraphTarget | null> {
  const row = await prisma().mailbox.findUnique({ where: { id }, select: MAILBOX_CONNECTION_SELECT });
  if (!row || row.kind !== 'graph') return null;
  if (row.organizationId !== null && !row.enabled) return null;
  const auth = mailboxAuth(row, env);
  if (!auth) return null;
  if (!auth.tokens) throw new Error('A Microsoft Graph mailbox needs app credentials (tenant, client id and secret or certificate): edit the mailbox.');
  const oauth = row.oauth as { clientId?: unknown } | null;
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
    baseUrl: graphBaseUrl(row.host, row.port),
    tokens: auth.tokens,
    clientId: typeof oauth?.clientId === 'string' ? oauth.clientId : undefined,
  };
}
