import type { NextRequest } from 'next/server';
import { NextResponse } from 'next/server';
import { unstable_rethrow } from 'next/navigation';
import { z } from 'zod';
import { authSecret, usesHttps } from '@/lib/auth/config';
import { requireActor } from '@/lib/auth/session';
import { MailboxInputError } from '@/lib/mailboxes/errors';
import { CONSENT_COOKIE, CONSENT_PATH, startMailboxConsent } from '@/lib/mailboxes/oauth/mailbox-consent';
import { actorCan } from '@/lib/permissions/scope';
import { log } from '@/lib/log';
import { backToMailboxes, consentRedirectUri } from '../consent-redirect';

const ZId = z.coerce.number().int().positive();

/** "Grant access": off to the provider's consent page, a nonce cookie kept for the way back. */
export async function GET(request: NextRequest): Promise<NextResponse> {
  try {
    const actor = await requireActor();
    if (!actorCan(actor, 'mailboxes.manage')) return backToMailboxes({ error: 'Only owners and admins can grant access to a mailbox.' });
    const id = ZId.safeParse(request.nextUrl.searchParams.get('id'));
    if (!id.success) return backToMailboxes({ error: 'No such mailbox.' });
    const { url, nonce } = await startMailboxConsent(actor.organizationId, id.data, consentRedirectUri(), authSecret());
    const response = NextResponse.redirect(url, 303);
    response.cookies.set(CONSENT_COOKIE, nonce, { httpOnly: true, sameSite: 'lax', secure: usesHttps(), path: CONSENT_PATH, maxAge: 15 * 60 });
    return response;
  } catch (error) {
    unstable_rethrow(error);
    if (error instanceof MailboxInputError) return backToMailboxes({ error: error.message });
    log.error({ err: error }, 'mailbox consent could not start');
    return backToMailboxes({ error: 'The consent page could not be opened; see the server log.' });
  }
}
