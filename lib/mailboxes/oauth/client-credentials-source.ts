import * as oauth from 'oauth4webapi';
import type { TAccessToken, TokenFetcher } from './cached-token';
import { tokenFailure } from './describe-token-error';
import type { TOAuthConfig } from './oauth-config';

type TClientCredentials = Extract<TOAuthConfig, { flow: 'client-credentials' }>;

const TIMEOUT_MS = 30_000;
// Servers that leave out expires_in: assume an hour (RFC 6749 leaves it optional).
const DEFAULT_LIFETIME_S = 3600;

/**
 * RFC 6749 §4.4 client credentials against any token endpoint (oauth4webapi validates the
 * response). What ATLAS_IMAP_URL's generic `auth=oauth2&token_url=…` form uses; Microsoft's
 * endpoint works this way too.
 */
export function clientCredentialsFetcher(config: TClientCredentials, clientSecret: string): TokenFetcher {
  const url = new URL(config.tokenUrl);
  const as: oauth.AuthorizationServer = { issuer: url.origin, token_endpoint: config.tokenUrl };
  const client: oauth.Client = { client_id: config.clientId };
  const auth = config.clientAuth === 'basic' ? oauth.ClientSecretBasic(clientSecret) : oauth.ClientSecretPost(clientSecret);
  const insecure = url.protocol === 'http:'; // loopback only (checked by the config schema)
  return async (): Promise<TAccessToken> => {
    try {
      const parameters = new URLSearchParams();
      if (config.scope) parameters.set('scope', config.scope);
      const response = await oauth.clientCredentialsGrantRequest(as, client, auth, parameters, {
        signal: AbortSignal.timeout(TIMEOUT_MS),
        [oauth.allowInsecureRequests]: insecure,
      });
      const body = await oauth.processClientCredentialsResponse(as, client, response);
      return { token: body.access_token, expiresAt: new Date(Date.now() + (body.expires_in ?? DEFAULT_LIFETIME_S) * 1000) };
    } catch (error) {
      throw tokenFailure('client-credentials', error, { tokenUrl: config.tokenUrl, clientId: config.clientId });
    }
  };
}
