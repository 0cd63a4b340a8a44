import { Prisma, prisma } from '@/lib/platform/db';
import { encryptSecret } from '@/lib/platform/crypto';
import { MailboxInputError } from './errors';
import { oauthColumns } from './oauth/oauth-columns';
import { readOAuthConfig } from './oauth/oauth-config';
import { MAILBOX_VIEW_SELECT, toMailboxView, type TMailboxView } from './mailbox-view';
import { parseMailboxInput } from './parse-mailbox-input';
import { ZMailboxInput, type TMailboxInputRaw } from './schema';

/**
 * Changes an organisation's mailbox. An empty secret keeps the stored one. Another server,
 * account or folder is another UID space, so reading progress starts over there (reports
 * already stored are recognised as duplicates).
 */
export async function updateMailbox(organizationId: number, mailboxId: number, raw: TMailboxInputRaw): Promise<TMailboxView> {
  const input = parseMailboxInput(ZMailboxInput, raw);
  const current = await prisma().mailbox.findFirst({ where: { id: mailboxId, organizationId }, select: { host: true, port: true, username: true, folder: true, kind: true, oauth: true, secretEnc: true } });
  if (!current) throw new MailboxInputError('No such mailbox.');
  const { secret, oauth: _oauth, ...fields } = input;
  const moved = current.host !== input.host || current.port !== input.port || current.username !== input.username || current.folder !== input.folder || current.kind !== input.kind;
  // A refresh token belongs to one client (and one account): another one needs consent again.
  const before = readOAuthConfig(current.oauth);
  const otherClient = !input.oauth || !before || before.flow !== input.oauth.flow || ('clientId' in before ? before.clientId : '') !== ('clientId' in input.oauth ? input.oauth.clientId : '') || current.username !== input.username;
  try {
    const row = await prisma().mailbox.update({
      where: { id: mailboxId },
      data: {
        ...fields,
        ...oauthColumns(input, secret ? undefined : current.secretEnc),
        ...(secret ? { secretEnc: encryptSecret(secret) } : {}),
        ...(otherClient ? { refreshTokenEnc: null } : {}),
        ...(moved ? { uidValidity: null, lastUid: 0n, backlog: 0, cursor: null } : {}),
      },
      select: MAILBOX_VIEW_SELECT,
    });
    return toMailboxView(row);
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') {
      throw new MailboxInputError(`A mailbox named "${input.label}" already exists.`, 'label');
    }
    throw error;
  }
}

export async function setMailboxEnabled(organizationId: number, mailboxId: number, enabled: boolean): Promise<void> {
  const { count } = await prisma().mailbox.updateMany({ where: { id: mailboxId, organizationId }, data: { enabled } });
  if (count === 0) throw new MailboxInputError('No such mailbox.');
}
