import type { NextResponse } from 'next/server';
import { z } from 'zod';
import { withApiAuth } from '@/lib/api';
import { recordAudit } from '@/lib/platform/audit';
import { authSecret } from '@/lib/platform/env';
import { actorCan, auditActor, parseCookies } from '@/lib/access';
import { CONSENT_COOKIE, CONSENT_PATH, finishMailboxConsent, MailboxInputError, OAuthTokenError } from '@/lib/mailboxes';
import { log } from '@/lib/platform/log';
import { backToMailboxes, consentRedirectUri } from '../consent-redirect';

// What the provider sends back: a code and our state, or an error (the user declined…).
const ZCallback = z.object({
  code: z.string().min(1).max(4096).optional(),
  state: z.string().min(1).max(2048).optional(),
  error: z.string().max(200).optional(),
});

function done(response: NextResponse): NextResponse {
  response.cookies.set(CONSENT_COOKIE, '', { path: CONSENT_PATH, maxAge: 0 });
  return response;
}

/** Back from the consent page: the refresh token is fetched and stored encrypted. */
export const GET = withApiAuth({ scope: 'read', query: ZCallback }, async ({ actor, query, request }) => {
  if (!actorCan(actor, 'mailboxes.manage')) return done(backToMailboxes({ error: 'Only owners and admins can grant access to a mailbox.' }));
  if (query.error || !query.code || !query.state) {
    const refused = query.error === 'access_denied';
    return done(backToMailboxes({ error: refused ? 'Access was not granted (the consent was declined).' : `The consent page answered: ${query.error ?? 'no code'}.` }));
  }
  try {
    const cookie = parseCookies(request.headers.get('cookie')).get(CONSENT_COOKIE);
    const granted = await finishMailboxConsent(actor.organizationId, { code: query.code, state: query.state }, cookie, consentRedirectUri(), authSecret());
    await recordAudit({ organizationId: actor.organizationId, actor: auditActor(actor), action: 'mailbox.consent_granted', targetType: 'mailbox', targetId: granted.mailboxId, details: { label: granted.label } });
    return done(backToMailboxes({ ok: `Access to "${granted.label}" granted: the worker starts reading it within a minute.` }));
  } catch (error) {
    if (error instanceof MailboxInputError || error instanceof OAuthTokenError) return done(backToMailboxes({ error: error.message }));
    log.error({ err: error }, 'mailbox consent could not finish');
    return done(backToMailboxes({ error: 'The granted access could not be stored; see the server log.' }));
  }
});
