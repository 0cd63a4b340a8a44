import type { TokenFetcher } from './cached-token';
import { clientCredentialsFetcher } from './client-credentials-source';
import { googleRefreshTokenFetcher } from './google-refresh-token-source';
import { googleServiceAccountFetcher } from './google-service-account-source';
import { microsoftFetcher } from './microsoft-source';
import type { TOAuthConfig } from './oauth-config';

export interface TTokenSetup {
  config: TOAuthConfig;
  /** Client secret, certificate + key (PEM) or service-account JSON key, per flow. */
  secret: string;
  /** The granted refresh token (google-refresh-token), null before consent. */
  refreshToken: string | null;
  /** The mailbox: the service account impersonates it; errors name it. */
  username: string;
  /** Scope when the config leaves it empty: the resource the mailbox is read through. */
  defaultScope: string;
}

export function createTokenFetcher(setup: TTokenSetup): TokenFetcher {
  const { config } = setup;
  switch (config.flow) {
    case 'client-credentials':
      return clientCredentialsFetcher({ ...config, scope: config.scope || setup.defaultScope }, setup.secret);
    case 'microsoft':
      return microsoftFetcher(config, setup.secret, setup.defaultScope);
    case 'google-service-account':
      return googleServiceAccountFetcher(config, setup.secret, setup.username);
    case 'google-refresh-token':
      return googleRefreshTokenFetcher(config, setup.secret, setup.refreshToken, setup.username);
  }
}
