import { JWT } from 'google-auth-library';
import { z } from 'zod';
import type { TAccessToken, TokenFetcher } from './cached-token';
import { tokenFailure } from './describe-token-error';
import { GOOGLE_TOKEN_URL, type TOAuthConfig } from './oauth-config';
import { OAuthTokenError } from './token-error';

type TServiceAccount = Extract<TOAuthConfig, { flow: 'google-service-account' }>;

// Only the fields a token needs: the key file is external input, and google-auth-library asks
// callers to validate such files rather than hand them over whole.
const ZServiceAccountKey = z.object({
  type: z.literal('service_account').optional(),
  client_email: z.string().email().max(320),
  private_key: z.string().min(1).max(10_000).includes('PRIVATE KEY'),
  private_key_id: z.string().max(200).optional(),
});

export function parseServiceAccountKey(secret: string): z.infer<typeof ZServiceAccountKey> {
  let json: unknown;
  try {
    json = JSON.parse(secret);
  } catch {
    json = null;
  }
  const parsed = ZServiceAccountKey.safeParse(json);
  if (!parsed.success) {
    throw new OAuthTokenError(
      'The service account key is not usable: paste the whole JSON key file from Google Cloud console › IAM & Admin › Service accounts › Keys (it holds "client_email" and "private_key").',
      { code: 'invalid_key', permanent: true },
    );
  }
  return parsed.data;
}

/**
 * A Google service account with domain-wide delegation, impersonating the mailbox (`subject`):
 * a signed JWT exchanged for an access token (google-auth-library). The library posts to Google's
 * fixed token URL; a configured one (private endpoints, tests) is swapped in by a request
 * interceptor on the client's own transporter.
 */
export function googleServiceAccountFetcher(config: TServiceAccount, secret: string, subject: string): TokenFetcher {
  const key = parseServiceAccountKey(secret);
  const context = { tokenUrl: config.tokenUrl, clientId: key.client_email, username: subject };
  let client: JWT | null = null;
  const jwt = () => {
    if (client) return client;
    const created = new JWT({ email: key.client_email, key: key.private_key, keyId: key.private_key_id, scopes: config.scope.split(/\s+/).filter(Boolean), subject });
    if (config.tokenUrl !== GOOGLE_TOKEN_URL) {
      created.transporter.interceptors.request.add({
        resolved: async (options) => {
          if (String(options.url) === GOOGLE_TOKEN_URL) options.url = new URL(config.tokenUrl);
          return options;
        },
      });
    }
    client = created;
    return created;
  };
  return async (force): Promise<TAccessToken> => {
    // The library refreshes only when its token is about to expire: a new client starts afresh.
    if (force) client = null;
    try {
      const { token } = await jwt().getAccessToken();
      if (!token) throw new OAuthTokenError('Google returned no access token.', { code: 'no_token', permanent: false });
      const expiry = jwt().credentials.expiry_date;
      return { token, expiresAt: new Date(expiry ?? Date.now() + 3_600_000) };
    } catch (error) {
      client = null;
      throw tokenFailure('google-service-account', error, context);
    }
  };
}
