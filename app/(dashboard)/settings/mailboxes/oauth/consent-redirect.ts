import { NextResponse } from 'next/server';
import { appUrl } from '@/lib/platform/env';
import { CONSENT_PATH } from '@/lib/mailboxes';

/** The URI Google sends the browser back to: register it with the OAuth client. */
export function consentRedirectUri(): string {
  return `${appUrl()}${CONSENT_PATH}/callback`;
}

/** The outcome of the last consent round trip, for the settings page to show once. */
export const CONSENT_FLASH_COOKIE = 'atlas_mailbox_consent_outcome';

/**
 * Back to the settings page, the outcome in a short-lived cookie rather than the URL: a link
 * someone else crafts cannot make the page say what they like.
 */
export function backToMailboxes(outcome: { ok: string } | { error: string }): NextResponse {
  const response = NextResponse.redirect(new URL('/settings/mailboxes', appUrl()), 303);
  const value = JSON.stringify('ok' in outcome ? { ok: outcome.ok.slice(0, 300) } : { error: outcome.error.slice(0, 800) });
  response.cookies.set(CONSENT_FLASH_COOKIE, value, { httpOnly: true, sameSite: 'lax', path: '/settings/mailboxes', maxAge: 60 });
  return response;
}
