import { prisma } from '@/lib/platform/db';
import { authEnv } from '@/lib/platform/env';

export type TLoginKind = 'password' | 'magic_link' | 'setup' | 'invite';

export interface TLoginLimitCheck {
  allowed: boolean;
  /** Which limit refused the attempt. */
  reason?: 'account' | 'ip';
  retryAfterSeconds?: number;
}

/**
 * Counts recent failed attempts in Postgres (so every web process sees the same counts): at
 * most ATLAS_LOGIN_MAX_PER_ACCOUNT failures per e-mail address and ATLAS_LOGIN_MAX_PER_IP per
 * client address within ATLAS_LOGIN_WINDOW_MINUTES. The account count is per kind (a flood
 * of magic-link requests must not lock the password out, and vice versa); the IP count is not. A success does not reset the account
 * count: an attacker who also knows one valid password gains nothing by interleaving it.
 */
export async function checkLoginAllowed(input: { kind: TLoginKind; email?: string | null; ip?: string | null }): Promise<TLoginLimitCheck> {
  const env = authEnv();
  const since = new Date(Date.now() - env.ATLAS_LOGIN_WINDOW_MINUTES * 60_000);
  const db = prisma();
  const email = input.email?.trim().toLowerCase();
  const [byAccount, byIp] = await Promise.all([
    email ? db.loginAttempt.findMany({ where: { kind: input.kind, email, success: false, createdAt: { gte: since } }, select: { createdAt: true }, orderBy: { createdAt: 'asc' } }) : [],
    input.ip ? db.loginAttempt.findMany({ where: { ip: input.ip, success: false, createdAt: { gte: since } }, select: { createdAt: true }, orderBy: { createdAt: 'asc' } }) : [],
  ]);
  const retryAfter = (rows: { createdAt: Date }[], max: number) => {
    // The window frees up when the oldest failure that keeps the count at the limit ages out.
    const oldest = rows[rows.length - max];
    return oldest ? Math.max(1, Math.ceil((oldest.createdAt.getTime() + env.ATLAS_LOGIN_WINDOW_MINUTES * 60_000 - Date.now()) / 1000)) : 1;
  };
  if (byAccount.length >= env.ATLAS_LOGIN_MAX_PER_ACCOUNT) {
    return { allowed: false, reason: 'account', retryAfterSeconds: retryAfter(byAccount, env.ATLAS_LOGIN_MAX_PER_ACCOUNT) };
  }
  if (byIp.length >= env.ATLAS_LOGIN_MAX_PER_IP) {
    return { allowed: false, reason: 'ip', retryAfterSeconds: retryAfter(byIp, env.ATLAS_LOGIN_MAX_PER_IP) };
  }
  return { allowed: true };
}

export async function recordLoginAttempt(input: { kind: TLoginKind; email?: string | null; ip?: string | null; success: boolean }): Promise<void> {
  const db = prisma();
  await db.loginAttempt.create({
    data: { kind: input.kind, email: input.email?.trim().toLowerCase() || null, ip: input.ip ?? null, success: input.success },
  });
  // Keep the table small without a scheduled job: old rows are useless to the limiter.
  if (Math.random() < 0.02) {
    await db.loginAttempt.deleteMany({ where: { createdAt: { lt: new Date(Date.now() - 7 * 24 * 3600_000) } } });
  }
}
