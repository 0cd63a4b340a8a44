import { createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';
import { authSecret } from '@/lib/platform/env';

// One-click unsubscribe links (RFC 8058). The token names the user and the setting to switch
// off, signed with a key derived from AUTH_SECRET for this purpose only (a session signature
// is no unsubscribe token, and the reverse). No expiry: a digest read months later must still
// unsubscribe. Rotating AUTH_SECRET invalidates old links, as it signs everyone out.
//   u1.<user id>.<setting>.<43 base64url characters of HMAC-SHA256>

export const UNSUBSCRIBE_SETTINGS = ['digest', 'alerts'] as const;
export type TUnsubscribeSetting = (typeof UNSUBSCRIBE_SETTINGS)[number];

const VERSION = 'u1';
const INFO = 'dmarc-atlas/unsubscribe/v1';

/** The purpose-bound key: HKDF-SHA256 of AUTH_SECRET. */
export function unsubscribeKey(secret: string = authSecret()): Buffer {
  return Buffer.from(hkdfSync('sha256', secret, 'dmarc-atlas', INFO, 32));
}

const sign = (key: Buffer, userId: number, setting: string): Buffer => createHmac('sha256', key).update(`${VERSION}.${userId}.${setting}`).digest();

export function createUnsubscribeToken(userId: number, setting: TUnsubscribeSetting, key: Buffer = unsubscribeKey()): string {
  if (!Number.isSafeInteger(userId) || userId <= 0) throw new RangeError('userId must be a positive integer');
  return `${VERSION}.${userId}.${setting}.${sign(key, userId, setting).toString('base64url')}`;
}

/** The user and setting of a valid token; null for anything forged, altered or malformed. */
export function verifyUnsubscribeToken(token: string, key: Buffer = unsubscribeKey()): { userId: number; setting: TUnsubscribeSetting } | null {
  const match = /^u1\.([1-9][0-9]{0,15})\.([a-z]+)\.([A-Za-z0-9_-]{43})$/.exec(token);
  if (!match) return null;
  const userId = Number(match[1]);
  const setting = UNSUBSCRIBE_SETTINGS.find((s) => s === match[2]);
  if (!setting || !Number.isSafeInteger(userId)) return null;
  const given = Buffer.from(match[3], 'base64url');
  const expected = sign(key, userId, setting);
  return given.length === expected.length && timingSafeEqual(given, expected) ? { userId, setting } : null;
}

/** For logs: the token's user and setting without its signature. */
export const redactToken = (token: string): string => token.split('.').slice(0, 3).join('.') + '.…';
