import type { NextRequest, NextResponse } from 'next/server';
import { unstable_rethrow } from 'next/navigation';
import { z } from 'zod';
import { recordAudit } from '@/lib/audit/record-audit';
import { authSecret } from '@/lib/auth/config';
import { requireActor } from '@/lib/auth/session';
import { MailboxInputError } from '@/lib/mailboxes/errors';
import { CONSENT_COOKIE, CONSENT_PATH, finishMailboxConsent } from '@/lib/mailboxes/oauth/mailbox-consent';
import { OAuthTokenError } from '@/lib/mailboxes/oauth/token-error';
import { auditActor } from '@/lib/permissions/errors';
import { actorCan } from '@/lib/permissions/scope';
import { log } from '@/lib/log';
import { backToMailboxes, consentRedirectUri } from '../consent-redirect';

const ZCallback = z.union([
  z.object({ code: z.string().min(1).max(4096), state: z.string().min(1).max(2048) }),
  z.object({ error: z.string().max(200), error_description: z.string().max(1000).optional() }),
]);

/** Back from the consent page: the refresh token is fetched and stored encrypted. */
export async function GET(request: NextRequest): Promise<NextResponse> {
  const done = (response: NextResponse) => {
    response.cookies.set(CONSENT_COOKIE, '', { path: CONSENT_PATH, maxAge: 0 });
    return response;
  };
  try {
    const actor = await requireActor();
    if (!actorCan(actor, 'mailboxes.manage')) return done(backToMailboxes({ error: 'Only owners and admins can grant access to a mailbox.' }));
    const query = ZCallback.safeParse(Object.fromEntries(request.nextUrl.searchParams));
    if (!query.success) return done(backToMailboxes({ error: 'The consent page sent back an answer that cannot be read.' }));
    if ('error' in query.data) {
      const refused = query.data.error === 'access_denied';
      return done(backToMailboxes({ error: refused ? 'Access was not granted (the consent was declined).' : `The consent page answered: ${query.data.error}.` }));
    }
    const granted = await finishMailboxConsent(actor.organizationId, query.data, request.cookies.get(CONSENT_COOKIE)?.value, consentRedirectUri(), authSecret());
    await recordAudit({ organizationId: actor.organizationId, actor: auditActor(actor), action: 'mailbox.consent_granted', targetType: 'mailbox', targetId: granted.mailboxId, details: { label: granted.label } });
    return done(backToMailboxes({ ok: `Access to "${granted.label}" granted: the worker starts reading it within a minute.` }));
  } catch (error) {
    unstable_rethrow(error);
    if (error instanceof MailboxInputError || error instanceof OAuthTokenError) return done(backToMailboxes({ error: error.message }));
    log.error({ err: error }, 'mailbox consent could not finish');
    return done(backToMailboxes({ error: 'The granted access could not be stored; see the server log.' }));
  }
}
