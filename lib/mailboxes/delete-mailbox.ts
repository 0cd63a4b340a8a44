import { prisma } from '@/lib/platform/db';
import { MailboxInputError } from './errors';

/** Removes a mailbox; its ingest log rows stay (mailbox_id set to null) and so do its reports. */
export async function deleteMailbox(organizationId: number, mailboxId: number): Promise<void> {
  const { count } = await prisma().mailbox.deleteMany({ where: { id: mailboxId, organizationId } });
  if (count === 0) throw new MailboxInputError('No such mailbox.');
}
