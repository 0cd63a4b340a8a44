import { prisma, type Prisma } from '@/lib/platform/db';
import { sessionMaxAgeSeconds } from './session-token';

// Two ways a session ends before its cookie expires (JWT cookies can't be taken back):
// - one session: signing out puts its id on the revoked list, until any cookie of it would
//   have expired anyway (the list stays small);
// - all of a user's sessions: their session version moves on (sign out everywhere, a new
//   password, removal from an organisation). Both are checked on every request
//   (loadUserActor), and when next-auth would renew a cookie (the jwt callback).

export interface TSessionRef {
  userId: number;
  sessionVersion: number;
  sid: string;
}

/** Ends one session (signing out). */
export async function revokeSession(ref: { userId: number; sid: string }): Promise<void> {
  const db = prisma();
  // A renewed cookie lives at most a session lifetime from its last renewal, and a revoked
  // session is never renewed again (options.ts, jwt callback).
  const expiresAt = new Date(Date.now() + (sessionMaxAgeSeconds() + 3600) * 1000);
  await db.revokedSession.upsert({ where: { sid: ref.sid }, create: { sid: ref.sid, userId: ref.userId, expiresAt }, update: {} });
  await db.revokedSession.deleteMany({ where: { expiresAt: { lt: new Date() } } });
}

/** Ends every session of a user (within a transaction when given one). */
export async function endAllSessions(userId: number, db: Prisma.TransactionClient = prisma()): Promise<number> {
  const user = await db.user.update({ where: { id: userId }, data: { sessionVersion: { increment: 1 } }, select: { sessionVersion: true } });
  return user.sessionVersion;
}

export async function sessionRevoked(sid: string): Promise<boolean> {
  return (await prisma().revokedSession.count({ where: { sid } })) > 0;
}

/** True while the session may be used: the user exists, its version is current, it wasn't signed out. */
export async function sessionIsLive(ref: TSessionRef): Promise<boolean> {
  const [user, revoked] = await Promise.all([
    prisma().user.findUnique({ where: { id: ref.userId }, select: { sessionVersion: true } }),
    sessionRevoked(ref.sid),
  ]);
  return Boolean(user) && user!.sessionVersion === ref.sessionVersion && !revoked;
}

/** What the jwt callback throws for an ended session (next-auth then clears the cookie). */
export function endedSessionError(): Error {
  return new Error('SessionEnded');
}
