import { z } from 'zod';
import { recordAudit } from '@/lib/platform/audit';
import { prisma } from '@/lib/platform/db';
import { ActionError } from '@/lib/access/permissions/errors';
import type { TActor } from '@/lib/access/permissions/scope';
import { hashPassword, verifyPassword } from '@/lib/access/auth/password';
import { ZPassword } from '@/lib/access/auth/password-policy';
import { endAllSessions } from '@/lib/access/auth/session-revocation';
import { reserveSignIn, settleSignIn } from '@/lib/access/auth/sign-in-throttle';

export const ZChangePassword = z
  .object({ current: z.string().min(1, 'Enter your current password.').max(1024), next: ZPassword, confirm: z.string().max(1024) })
  .refine((v) => v.next === v.confirm, { message: 'The new passwords differ.', path: ['confirm'] })
  .refine((v) => v.next !== v.current, { message: 'Choose a password different from the current one.', path: ['next'] });

/**
 * A new password for the signed-in user: the current one is asked again (a session left open on
 * someone else's screen must not be enough), within the sign-in limits. Every session of the
 * user ends; the caller renews the current browser's (returns the new session version).
 */
export async function changePassword(
  actor: TActor,
  input: z.input<typeof ZChangePassword>,
  client: { ip: string | null; deviceCookie?: string | null },
): Promise<{ sessionVersion: number }> {
  if (actor.userId === null) throw new ActionError('forbidden', 'Only a person signed in can change their password.');
  const data = ZChangePassword.parse(input);
  const user = await prisma().user.findUniqueOrThrow({ where: { id: actor.userId }, select: { id: true, email: true, passwordHash: true } });
  if (!user.passwordHash) {
    throw new ActionError('invalid', 'Your account has no password: it signs in with e-mail links or single sign-on.');
  }
  const reservation = await reserveSignIn({ kind: 'password_change', email: user.email, ip: client.ip, deviceCookie: client.deviceCookie });
  if (!reservation.allowed) throw new ActionError('forbidden', `Too many wrong passwords: try again in ${Math.ceil(reservation.retryAfterSeconds / 60)} minute(s).`);
  const ok = await verifyPassword(data.current, user.passwordHash);
  await settleSignIn(reservation, ok);
  if (!ok) {
    await recordAudit({ actor: { userId: user.id, label: user.email }, action: 'user.password_change_failed', ip: client.ip });
    throw new ActionError('invalid', 'The current password is wrong.');
  }
  const passwordHash = await hashPassword(data.next);
  const sessionVersion = await prisma().$transaction(async (tx) => {
    await tx.user.update({ where: { id: user.id }, data: { passwordHash } });
    return endAllSessions(user.id, tx);
  });
  await recordAudit({ actor: { userId: user.id, label: user.email }, action: 'user.password_changed', details: { otherSessionsEnded: true }, ip: client.ip });
  return { sessionVersion };
}
