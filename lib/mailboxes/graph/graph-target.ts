import { prisma } from '@/lib/db/prisma';
import type { MailboxPlan } from '@/lib/imap/types';
import type { EnvMailbox } from '../env-mailboxes';
import { MAILBOX_CONNECTION_SELECT } from '../mailbox-view';
import type { TokenProvider } from '../oauth/cached-token';
import { mailboxAuth } from '../oauth/mailbox-auth';
import type { TAfterIngest } from '../schema';

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
