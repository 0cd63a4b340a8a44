import { decryptSecret } from '@/lib/platform/crypto';
import { Prisma } from '@/lib/platform/db';
import { MailboxInputError } from '@/lib/mailboxes/errors';
import type { TMailboxInput } from '@/lib/mailboxes/schema';
import { checkOAuthSecret } from './check-oauth-secret';
import type { TOAuthConfig } from './oauth-config';
import { OAuthTokenError } from './token-error';

/**
 * The OAuth2 columns of a mailbox being saved: the non-secret settings as JSON, the token status
 * reset (another app means another token). The secret to check is the one entered, or on
 * update the stored one (`storedSecretEnc`) when the form left it empty.
 */
export function oauthColumns(input: TMailboxInput, storedSecretEnc?: string | null): { oauth: TOAuthConfig | typeof Prisma.DbNull; tokenExpiresAt: null; tokenRefreshedAt: null } {
  const secret = input.secret || (storedSecretEnc ? decryptSecret(storedSecretEnc) : '');
  if (input.oauth && secret) {
    try {
      checkOAuthSecret(input.oauth, secret);
    } catch (error) {
      if (error instanceof OAuthTokenError) throw new MailboxInputError(error.message, 'secret');
      throw error;
    }
  }
  return { oauth: input.oauth ?? Prisma.DbNull, tokenExpiresAt: null, tokenRefreshedAt: null };
}
