import { createHash } from 'node:crypto';
import { prisma } from '@/lib/platform/db';
import { CachedToken, type TokenProvider } from './cached-token';
import { createTokenFetcher, type TTokenSetup } from './create-token-fetcher';

// One token cache per mailbox and worker, kept across reconnects (a reconnect must not cost a
// token request); replaced when the mailbox's settings or secrets change.
const providers = new Map<number, { fingerprint: string; provider: TokenProvider }>();

/** The status columns: when the current token expires, and when it was fetched. */
export async function recordTokenRefresh(mailboxId: number, expiresAt: Date): Promise<void> {
  await prisma().mailbox.update({ where: { id: mailboxId }, data: { tokenExpiresAt: expiresAt, tokenRefreshedAt: new Date() } });
}

export function mailboxTokens(mailboxId: number, setup: TTokenSetup): TokenProvider {
  // Hashed: the map's keys should not be one more place holding the secrets in clear.
  const fingerprint = createHash('sha256')
    .update(JSON.stringify([setup.config, setup.secret, setup.refreshToken, setup.username, setup.defaultScope]))
    .digest('base64');
  const current = providers.get(mailboxId);
  if (current && current.fingerprint === fingerprint) return current.provider;
  const provider = new CachedToken({
    flow: setup.config.flow,
    clientId: 'clientId' in setup.config ? setup.config.clientId : undefined,
    fetch: createTokenFetcher(setup),
    onRefresh: (token) => recordTokenRefresh(mailboxId, token.expiresAt),
  });
  providers.set(mailboxId, { fingerprint, provider });
  return provider;
}
