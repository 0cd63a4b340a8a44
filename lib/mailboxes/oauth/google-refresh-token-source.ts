import { OAuth2Client } from 'google-auth-library';
import type { TAccessToken, TokenFetcher } from './cached-token';
import { tokenFailure } from './describe-token-error';
import type { TOAuthConfig } from './oauth-config';
import { OAuthTokenError } from './token-error';

type TRefreshToken = Extract<TOAuthConfig, { flow: 'google-refresh-token' }>;

/** google-auth-library's OAuth client with this mailbox's endpoints (consent and refresh). */
export function googleOAuthClient(config: TRefreshToken, clientSecret: string, redirectUri?: string): OAuth2Client {
  return new OAuth2Client({
    clientId: config.clientId,
    clientSecret,
    redirectUri,
    endpoints: { oauth2TokenUrl: config.tokenUrl, oauth2AuthBaseUrl: config.authUrl },
  });
}

/** Access tokens from the refresh token a person granted through the consent link. */
export function googleRefreshTokenFetcher(config: TRefreshToken, clientSecret: string, refreshToken: string | null, username: string): TokenFetcher {
  const context = { tokenUrl: config.tokenUrl, clientId: config.clientId, username };
  return async (): Promise<TAccessToken> => {
    if (!refreshToken) {
      throw new OAuthTokenError(`Access has not been granted yet: on Settings › Mailboxes, use "Grant access" and sign in as ${username}.`, { code: 'consent_required', permanent: true });
    }
    // A fresh client each time: the refresh token is the only state worth keeping, and the
    // cache in front of this decides when a new access token is due.
    const client = googleOAuthClient(config, clientSecret);
    client.setCredentials({ refresh_token: refreshToken });
    try {
      const { token } = await client.getAccessToken();
      if (!token) throw new OAuthTokenError('Google returned no access token.', { code: 'no_token', permanent: false });
      return { token, expiresAt: new Date(client.credentials.expiry_date ?? Date.now() + 3_600_000) };
    } catch (error) {
      throw tokenFailure('google-refresh-token', error, context);
    }
  };
}
