import { prisma } from '@/lib/platform/db';
import type { TActor } from '@/lib/access';

export interface TAccount {
  email: string;
  hasPassword: boolean;
  /** In words: "password", "e-mail link", the single sign-on provider. */
  signInMethods: string[];
  lastSignInAt: Date | null;
}

/** The signed-in person's own account (Settings › Account); nobody else's. */
export async function getAccount(actor: TActor): Promise<TAccount> {
  if (actor.userId === null) throw new Error('getAccount needs a signed-in user');
  const user = await prisma().user.findUniqueOrThrow({
    where: { id: actor.userId },
    select: { email: true, passwordHash: true, lastSignInAt: true, authAccounts: { select: { provider: true } } },
  });
  const methods = [...(user.passwordHash ? ['password'] : []), ...new Set(user.authAccounts.map((a) => (a.provider === 'oidc' ? 'single sign-on' : a.provider)))];
  return { email: user.email, hasPassword: Boolean(user.passwordHash), signInMethods: methods.length ? methods : ['e-mail link'], lastSignInAt: user.lastSignInAt };
}
