import { Prisma, prisma } from '@/lib/platform/db';
import { encryptSecret } from '@/lib/platform/crypto';
import { MailboxInputError } from './errors';
import { oauthColumns } from './oauth/oauth-columns';
import { secretName } from './oauth/oauth-config';
import { MAILBOX_VIEW_SELECT, toMailboxView, type TMailboxView } from './mailbox-view';
import { ZMailboxInput, type TMailboxInputRaw } from './schema';
import { parseMailboxInput } from './parse-mailbox-input';

/** Adds a mailbox to an organisation; the worker starts reading it within its refresh interval. */
export async function createMailbox(organizationId: number, raw: TMailboxInputRaw): Promise<TMailboxView> {
  const input = parseMailboxInput(ZMailboxInput, raw);
  if (!input.secret) throw new MailboxInputError(input.oauth ? `Enter ${secretName(input.oauth)}.` : input.authType === 'oauth2' ? 'An OAuth2 access token is required.' : 'A password is required.', 'secret');
  // Throws a clear EncryptionKeyError when ATLAS_ENCRYPTION_KEY is missing: nothing is stored.
  const secretEnc = encryptSecret(input.secret);
  const { secret: _secret, oauth: _oauth, ...fields } = input;
  try {
    const row = await prisma().mailbox.create({ data: { ...fields, ...oauthColumns(input), organizationId, secretEnc }, select: MAILBOX_VIEW_SELECT });
    return toMailboxView(row);
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') {
      throw new MailboxInputError(`A mailbox named "${input.label}" already exists.`, 'label');
    }
    throw error;
  }
}
