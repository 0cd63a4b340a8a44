import { readFileSync } from 'node:fs';
import { decryptSecret } from '@/lib/platform/crypto';
import type { EnvMailbox } from '@/lib/mailboxes/env-mailboxes';
import type { TMailboxConnectionRow } from '@/lib/mailboxes/mailbox-view';
import type { TokenProvider } from './cached-token';
import { mailboxTokens } from './mailbox-tokens';
import { MICROSOFT_IMAP_SCOPE, readOAuthConfig } from './oauth-config';

export interface TMailboxAuth {
  /** Password or pasted access token; for OAuth2 flows, their secret (not sent to the server). */
  secret: string;
  /** Set for OAuth2 flows: fetches and refreshes the access tokens. */
  tokens?: TokenProvider;
}

/** The resource an app-only token must be for, when the settings leave the scope empty. */
export function defaultScope(row: Pick<TMailboxConnectionRow, 'kind' | 'host' | 'port'>): string {
  if (row.kind !== 'graph') return MICROSOFT_IMAP_SCOPE;
  // Graph national clouds have their own hosts (graph.microsoft.us, microsoftgraph.chinacloudapi.cn).
  return `https://${row.port === 443 ? row.host : `${row.host}:${row.port}`}/.default`;
}

/**
 * How to sign in to a mailbox: its secret from the environment (ATLAS_IMAP_URL mailboxes, files
 * read now) or decrypted from the row, and for OAuth2 flows the mailbox's token provider.
 * Null when an env mailbox is not in this worker's environment.
 */
export function mailboxAuth(row: TMailboxConnectionRow, env: ReadonlyMap<string, EnvMailbox>): TMailboxAuth | null {
  let secret: string;
  let refreshToken: string | null;
  let config;
  if (row.organizationId === null) {
    const fromEnv = env.get(row.label);
    if (!fromEnv) return null;
    try {
      secret = fromEnv.secretFile ? readFileSync(fromEnv.secretFile, 'utf8') : fromEnv.secret;
    } catch (error) {
      throw new Error(`Cannot read ${fromEnv.secretFile} (named in ATLAS_IMAP_URL): ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}.`);
    }
    refreshToken = fromEnv.refreshToken ?? null;
    config = fromEnv.oauth;
  } else {
    if (!row.secretEnc) throw new Error('No password, token or client secret is stored for this mailbox.');
    secret = decryptSecret(row.secretEnc);
    refreshToken = row.refreshTokenEnc ? decryptSecret(row.refreshTokenEnc) : null;
    config = readOAuthConfig(row.oauth);
    if (row.oauth !== null && !config) throw new Error('The stored OAuth2 settings of this mailbox cannot be read: edit the mailbox and save them again.');
  }
  if (!config) return { secret };
  return { secret, tokens: mailboxTokens(row.id, { config, secret, refreshToken, username: row.username, defaultScope: defaultScope(row) }) };
}
