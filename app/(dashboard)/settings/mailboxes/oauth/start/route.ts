import { NextResponse } from 'next/server';
import { z } from 'zod';
import { withApiAuth } from '@/lib/api';
import { authSecret, usesHttps } from '@/lib/platform/env';
import { CONSENT_COOKIE, CONSENT_PATH, MailboxInputError, startMailboxConsent } from '@/lib/mailboxes';
import { actorCan } from '@/lib/access';
import { log } from '@/lib/platform/log';
import { backToMailboxes, consentRedirectUri } from '../consent-redirect';

/** "Grant access": off to the provider's consent page, a nonce cookie kept for the way back. */
export const GET = withApiAuth({ scope: 'read', query: z.object({ id: z.coerce.number().int().positive() }) }, async ({ actor, query }) => {
  // People in a browser only (API tokens cannot manage mailboxes).
  if (!actorCan(actor, 'mailboxes.manage')) return backToMailboxes({ error: 'Only owners and admins can grant access to a mailbox.' });
  try {
    const { url, nonce } = await startMailboxConsent(actor.organizationId, query.id, consentRedirectUri(), authSecret());
    const response = NextResponse.redirect(url, 303);
    response.cookies.set(CONSENT_COOKIE, nonce, { httpOnly: true, sameSite: 'lax', secure: usesHttps(), path: CONSENT_PATH, maxAge: 15 * 60 });
    return response;
  } catch (error) {
    if (error instanceof MailboxInputError) return backToMailboxes({ error: error.message });
    log.error({ err: error }, 'mailbox consent could not start');
    return backToMailboxes({ error: 'The consent page could not be opened; see the server log.' });
  }
});
