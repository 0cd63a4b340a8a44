// Public entry of the OAuth2 token providers for mailboxes (IMAP XOAUTH2 and Microsoft Graph).
export { CachedToken, type TAccessToken, type TokenProvider } from './cached-token';
export { createTokenFetcher, type TTokenSetup } from './create-token-fetcher';
export { describeTokenRefused } from './describe-token-refused';
export { tokenFailure } from './describe-token-error';
export { parseEnvOAuth, type TEnvOAuth } from './env-oauth';
export { mailboxAuth, defaultScope } from './mailbox-auth';
export { mailboxTokens, recordTokenRefresh } from './mailbox-tokens';
export * from './oauth-config';
export { OAuthTokenError } from './token-error';
export { consentUrl, exchangeConsentCode } from './google-consent';
