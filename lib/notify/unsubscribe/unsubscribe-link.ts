import { absoluteUrl } from '@/lib/notify/links';
import { createUnsubscribeToken, type TUnsubscribeSetting } from './unsubscribe-token';

// Where unsubscribe links point, and the RFC 8058 headers that let mail clients show their own
// "Unsubscribe" button. The route (the lead's) must unsubscribe on POST without asking (that is
// what mail providers send for one-click) and show a confirmation button on GET, because link
// scanners follow every GET in a mail.

export const UNSUBSCRIBE_PATH = '/unsubscribe';

export function unsubscribeUrl(baseUrl: string, userId: number, setting: TUnsubscribeSetting, key?: Buffer): string {
  const url = new URL(absoluteUrl(baseUrl, UNSUBSCRIBE_PATH));
  url.searchParams.set('token', createUnsubscribeToken(userId, setting, key));
  return url.toString();
}

/**
 * List-Unsubscribe with the https link first, plus a mailto: only when an address that acts on
 * such mails is configured (a mailto nobody reads would silently fail to unsubscribe).
 */
export function listUnsubscribeHeaders(url: string, mailto?: string | null): Record<string, string> {
  const targets = [`<${url}>`];
  if (mailto) targets.push(`<mailto:${mailto}?subject=${encodeURIComponent(`unsubscribe ${new URL(url).searchParams.get('token') ?? ''}`.trim())}>`);
  return { 'List-Unsubscribe': targets.join(', '), 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' };
}
