import { decryptSecret, encryptSecret } from '@/lib/platform/crypto';
import { prisma } from '@/lib/platform/db';
import { MailboxInputError } from '@/lib/mailboxes/errors';
import { newConsentState, readConsentState } from './consent-state';
import { consentUrl, exchangeConsentCode } from './google-consent';
import { readOAuthConfig } from './oauth-config';

export const CONSENT_COOKIE = 'atlas_mailbox_consent';
export const CONSENT_PATH = '/settings/mailboxes/oauth';

async function consentMailbox(organizationId: number, mailboxId: number) {
  const row = await prisma().mailbox.findFirst({ where: { id: mailboxId, organizationId }, select: { id: true, label: true, username: true, oauth: true, secretEnc: true } });
  if (!row) throw new MailboxInputError('No such mailbox.');
  const config = readOAuthConfig(row.oauth);
  if (config?.flow !== 'google-refresh-token') throw new MailboxInputError(`"${row.label}" does not sign in through a consent page.`);
  if (!row.secretEnc) throw new MailboxInputError(`"${row.label}" has no OAuth client secret stored: edit it and enter one.`);
  return { row, config, clientSecret: decryptSecret(row.secretEnc) };
}

/** Where to send the browser to grant access, and the nonce to keep in its cookie. */
export async function startMailboxConsent(organizationId: number, mailboxId: number, redirectUri: string, signingSecret: string): Promise<{ url: string; nonce: string }> {
  const { row, config, clientSecret } = await consentMailbox(organizationId, mailboxId);
  const { state, nonce } = newConsentState(row.id, organizationId, signingSecret);
  return { url: consentUrl(config, clientSecret, redirectUri, state, row.username), nonce };
}

/**
 * Back from the consent page: checks the state (signature, expiry, this browser's nonce, the
 * caller's organisation), trades the code for a refresh token and stores it encrypted.
 */
export async function finishMailboxConsent(
  organizationId: number,
  query: { state: string; code: string },
  cookieNonce: string | undefined,
  redirectUri: string,
  signingSecret: string,
): Promise<{ mailboxId: number; label: string }> {
  const state = readConsentState(query.state, signingSecret);
  if (!state || !cookieNonce || state.nonce !== cookieNonce) throw new MailboxInputError('This consent link has expired or was not started from this browser: use "Grant access" again.');
  if (state.organizationId !== organizationId) throw new MailboxInputError('The consent was started in another organisation: switch to it and use "Grant access" again.');
  const { row, config, clientSecret } = await consentMailbox(organizationId, state.mailboxId);
  const refreshToken = await exchangeConsentCode(config, clientSecret, redirectUri, query.code);
  await prisma().mailbox.update({
    where: { id: row.id },
    // A new grant: the worker starts over with it (a failing status clears on its next read).
    data: { refreshTokenEnc: encryptSecret(refreshToken), tokenExpiresAt: null, tokenRefreshedAt: null },
  });
  return { mailboxId: row.id, label: row.label };
}
