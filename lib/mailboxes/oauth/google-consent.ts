import { tokenFailure } from './describe-token-error';
import { googleOAuthClient } from './google-refresh-token-source';
import type { TOAuthConfig } from './oauth-config';
import { OAuthTokenError } from './token-error';

type TRefreshToken = Extract<TOAuthConfig, { flow: 'google-refresh-token' }>;

/**
 * Google's consent page for this mailbox's OAuth client: offline access (a refresh token) to
 * the mail scope, the consent screen shown again (so a refresh token is issued even when the
 * user granted access before), the mailbox as the account to sign in with.
 */
export function consentUrl(config: TRefreshToken, clientSecret: string, redirectUri: string, state: string, loginHint: string): string {
  return googleOAuthClient(config, clientSecret, redirectUri).generateAuthUrl({
    access_type: 'offline',
    prompt: 'consent',
    scope: config.scope.split(/\s+/).filter(Boolean),
    state,
    login_hint: loginHint,
  });
}

/** Trades the code Google sent back for the refresh token (stored encrypted by the caller). */
export async function exchangeConsentCode(config: TRefreshToken, clientSecret: string, redirectUri: string, code: string): Promise<string> {
  let refreshToken: string | null | undefined;
  try {
    const { tokens } = await googleOAuthClient(config, clientSecret, redirectUri).getToken({ code, redirect_uri: redirectUri });
    refreshToken = tokens.refresh_token;
  } catch (error) {
    throw tokenFailure('google-refresh-token', error, { tokenUrl: config.tokenUrl, clientId: config.clientId });
  }
  if (!refreshToken) {
    throw new OAuthTokenError('Google granted access but sent no refresh token: remove Atlas from the account\'s "Third-party apps with account access" and grant access again.', { code: 'no_refresh_token', permanent: true });
  }
  return refreshToken;
}
