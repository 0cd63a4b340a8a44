import { CATALOGUE } from './index';
import { NETWORK_TYPES } from '@/lib/sources/types';

/** Selectors many setups use that no one service in the catalogue owns (Mailchimp's k1, generic names). */
const GENERIC = ['google', 'selector1', 'selector2', 'k1', 's1', 's2', 'default', 'dkim', 'mail'];

/**
 * Selectors worth probing when nobody told us which ones a domain uses: the catalogue's
 * services' selectors (Google, Microsoft 365, SendGrid, Mailchimp, …) and a few generic names.
 * DNS cannot list a domain's selectors, so a key outside this list is only found once reports
 * name its selector.
 */
export const COMMON_DKIM_SELECTORS: readonly string[] = [
  ...new Set([...GENERIC, ...CATALOGUE.filter((s) => !NETWORK_TYPES.has(s.type)).flatMap((s) => s.selectors)]),
];
