import { authEnv } from '@/lib/platform/env';
import { consumeRateLimit, refundRateLimit, type TRateLimitRule } from '@/lib/access/limits/rate-limit';
import { verifyDeviceCookie } from './device-cookie';

export type TSignInKind = 'password' | 'magic_link' | 'password_change';

export type TSignInReservation =
  | { allowed: true; rules: TRateLimitRule[] }
  | { allowed: false; reason: 'account' | 'ip'; retryAfterSeconds: number };

/**
 * Takes a sign-in attempt from its buckets before the password is checked, so a flood of
 * concurrent guesses can't all be checked before any is counted. Buckets (each
 * ATLAS_LOGIN_MAX_PER_… attempts in a burst, then one per WINDOW / MAX):
 * - per client address (ATLAS_LOGIN_MAX_PER_IP), across accounts: password spraying;
 * - per account and client (ATLAS_LOGIN_MAX_PER_ACCOUNT): a browser holding the account's
 *   device cookie has a bucket of its own; every other client shares the account's bucket.
 *   Guessing from anywhere slows the account down for unknown clients only: its owner, at a
 *   browser they signed in from before, still gets in.
 * Magic-link requests count per account (mail floods), password changes per user.
 */
export async function reserveSignIn(input: { kind: TSignInKind; email: string; ip: string | null; deviceCookie?: string | null }): Promise<TSignInReservation> {
  const env = authEnv();
  const periodSeconds = env.ATLAS_LOGIN_WINDOW_MINUTES * 60;
  const email = input.email.trim().toLowerCase();
  const device = input.kind === 'magic_link' ? null : verifyDeviceCookie(input.deviceCookie, email);
  const accountKey = device ? `signin:device:${device}` : `signin:${input.kind}:${email}`;
  const rules: TRateLimitRule[] = [];
  if (input.ip) {
    const byIp = { key: `signin:ip:${input.ip}`, limit: env.ATLAS_LOGIN_MAX_PER_IP, periodSeconds };
    const result = await consumeRateLimit(byIp);
    if (!result.allowed) return { allowed: false, reason: 'ip', retryAfterSeconds: result.retryAfterSeconds };
    rules.push(byIp);
  }
  const byAccount = { key: accountKey, limit: env.ATLAS_LOGIN_MAX_PER_ACCOUNT, periodSeconds };
  const result = await consumeRateLimit(byAccount);
  if (!result.allowed) return { allowed: false, reason: 'account', retryAfterSeconds: result.retryAfterSeconds };
  rules.push(byAccount);
  return { allowed: true, rules };
}

/**
 * Every attempt counts as a failure until it succeeds: a success gives its events back. (A
 * success never clears earlier failures: an attacker who knows one valid password gains
 * nothing by interleaving it.)
 */
export async function settleSignIn(reservation: TSignInReservation, success: boolean): Promise<void> {
  if (!success || !reservation.allowed) return;
  for (const rule of reservation.rules) await refundRateLimit(rule);
}
