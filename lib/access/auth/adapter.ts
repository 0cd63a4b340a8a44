import type { Adapter, AdapterUser } from 'next-auth/adapters';
import { prisma } from '@/lib/platform/db';

// The subset of a next-auth adapter that magic links (verification tokens) and OIDC (linked
// accounts) need with JWT sessions. Accounts are never created by signing in: users come from
// the setup page, `atlas user create` and invitations.

interface TUserRow {
  id: number;
  email: string;
  name: string | null;
  emailVerifiedAt: Date | null;
  sessionVersion: number;
}

export type TAtlasAdapterUser = AdapterUser & { sessionVersion: number };

function toAdapterUser(user: TUserRow): TAtlasAdapterUser {
  return { id: String(user.id), email: user.email, name: user.name, emailVerified: user.emailVerifiedAt, sessionVersion: user.sessionVersion };
}

const USER_FIELDS = { id: true, email: true, name: true, emailVerifiedAt: true, sessionVersion: true } as const;

function userId(id: string): number | null {
  return /^\d{1,10}$/.test(id) ? Number(id) : null;
}

export function atlasAdapter(): Adapter {
  const db = prisma();
  return {
    async createUser() {
      throw new Error('NoAccount');
    },
    async getUser(id) {
      const numeric = userId(id);
      if (numeric === null) return null;
      const user = await db.user.findUnique({ where: { id: numeric }, select: USER_FIELDS });
      return user ? toAdapterUser(user) : null;
    },
    async getUserByEmail(email) {
      const user = await db.user.findUnique({ where: { email: email.trim().toLowerCase() }, select: USER_FIELDS });
      return user ? toAdapterUser(user) : null;
    },
    async getUserByAccount({ provider, providerAccountId }) {
      const account = await db.authAccount.findUnique({
        where: { provider_providerAccountId: { provider, providerAccountId } },
        select: { user: { select: USER_FIELDS } },
      });
      return account ? toAdapterUser(account.user) : null;
    },
    async updateUser(user) {
      const numeric = userId(user.id);
      if (numeric === null) throw new Error('invalid user id');
      const updated = await db.user.update({
        where: { id: numeric },
        data: user.emailVerified ? { emailVerifiedAt: user.emailVerified } : {},
        select: USER_FIELDS,
      });
      return toAdapterUser(updated);
    },
    async linkAccount(account: { userId: string; provider: string; providerAccountId: string }) {
      const numeric = userId(account.userId);
      if (numeric === null) throw new Error('invalid user id');
      await db.authAccount.upsert({
        where: { provider_providerAccountId: { provider: account.provider, providerAccountId: account.providerAccountId } },
        create: { userId: numeric, provider: account.provider, providerAccountId: account.providerAccountId },
        update: {},
      });
    },
    async createVerificationToken(token) {
      await db.authVerificationToken.create({ data: { identifier: token.identifier, token: token.token, expires: token.expires } });
      return token;
    },
    async useVerificationToken({ identifier, token }) {
      // Delete-and-return in one statement: a link works once, even under concurrent clicks.
      const rows = await db.$queryRaw<{ identifier: string; token: string; expires: Date }[]>`
        DELETE FROM auth_verification_token WHERE identifier = ${identifier} AND token = ${token}
        RETURNING identifier, token, expires`;
      return rows[0] ?? null;
    },
  };
}
