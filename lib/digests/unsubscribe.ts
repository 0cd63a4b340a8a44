import { prisma } from '@/lib/platform/db';
import { log } from '@/lib/platform/log';
import { verifyUnsubscribeToken, redactToken, type TUnsubscribeSetting } from '@/lib/notify';

/**
 * Applies a one-click unsubscribe token (RFC 8058): the digest or the alert e-mails of its user
 * off. Idempotent; null for an invalid token or a user who no longer exists.
 */
export async function applyUnsubscribe(token: string): Promise<{ userId: number; setting: TUnsubscribeSetting } | null> {
  const verified = verifyUnsubscribeToken(token);
  if (!verified) return null;
  const data = verified.setting === 'digest' ? { digestEnabled: false } : { alertEmails: false };
  const user = await prisma().user.findUnique({ where: { id: verified.userId }, select: { id: true } });
  if (!user) return null;
  await prisma().notificationSetting.upsert({ where: { userId: user.id }, create: { userId: user.id, ...data }, update: data });
  log.info({ token: redactToken(token), setting: verified.setting }, 'unsubscribed');
  return verified;
}

/** What a valid token would switch off, without doing it (the GET confirmation page). */
export function describeUnsubscribe(token: string): { userId: number; setting: TUnsubscribeSetting } | null {
  return verifyUnsubscribeToken(token);
}
