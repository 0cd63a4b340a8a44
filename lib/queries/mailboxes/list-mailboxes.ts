import { prisma } from '@/lib/platform/db';
import { MAILBOX_VIEW_SELECT, toMailboxView, type TMailboxView } from '@/lib/mailboxes';

/**
 * An organisation's mailboxes; with `includeEnv`, also the instance-wide ones configured by
 * ATLAS_IMAP_URL (for instance administrators: they read mail for every organisation).
 */
export async function listMailboxes(organizationId: number, options: { includeEnv?: boolean } = {}): Promise<TMailboxView[]> {
  const rows = await prisma().mailbox.findMany({
    where: options.includeEnv ? { OR: [{ organizationId }, { organizationId: null, enabled: true }] } : { organizationId },
    select: MAILBOX_VIEW_SELECT,
    orderBy: [{ organizationId: { sort: 'asc', nulls: 'first' } }, { label: 'asc' }],
  });
  return rows.map(toMailboxView);
}

export async function getMailbox(organizationId: number, mailboxId: number): Promise<TMailboxView | null> {
  const row = await prisma().mailbox.findFirst({ where: { id: mailboxId, organizationId }, select: MAILBOX_VIEW_SELECT });
  return row ? toMailboxView(row) : null;
}
