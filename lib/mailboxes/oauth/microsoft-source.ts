import { ConfidentialClientApplication, LogLevel } from '@azure/msal-node';
import type { TAccessToken, TokenFetcher } from './cached-token';
import { certificateCredential } from './certificate-credential';
import { tokenFailure } from './describe-token-error';
import type { TOAuthConfig } from './oauth-config';
import { OAuthTokenError } from './token-error';

type TMicrosoft = Extract<TOAuthConfig, { flow: 'microsoft' }>;

// Clouds msal-node knows (it validates their authorities through Microsoft's instance
// discovery). Any other host — ADFS, Azure Stack, a test's loopback authority — is declared
// known, so msal-node reads its /v2.0/.well-known/openid-configuration directly.
const MICROSOFT_CLOUDS = new Set([
  'login.microsoftonline.com',
  'login.microsoft.com',
  'login.windows.net',
  'sts.windows.net',
  'login.microsoftonline.us',
  'login.usgovcloudapi.net',
  'login-us.microsoftonline.com',
  'login.partner.microsoftonline.cn',
  'login.chinacloudapi.cn',
]);

/**
 * Microsoft Entra app-only tokens (client credentials) through msal-node, with a client secret
 * or a certificate. msal-node keeps its own cache; `force` skips it (the server refused a token
 * msal-node still considered valid).
 */
export function microsoftFetcher(config: TMicrosoft, secret: string, defaultScope: string): TokenFetcher {
  const authorityUrl = new URL(config.authority);
  const authority = `${authorityUrl.origin}/${encodeURIComponent(config.tenantId)}`;
  const scope = config.scope || defaultScope;
  const context = { tokenUrl: `${authority}/oauth2/v2.0/token`, clientId: config.clientId, tenantId: config.tenantId };
  let app: ConfidentialClientApplication | null = null;
  const application = () => {
    app ??= new ConfidentialClientApplication({
      auth: {
        clientId: config.clientId,
        authority,
        ...(MICROSOFT_CLOUDS.has(authorityUrl.hostname) ? {} : { knownAuthorities: [authorityUrl.host] }),
        ...(config.credential === 'certificate' ? { clientCertificate: certificateCredential(secret) } : { clientSecret: secret }),
      },
      // msal-node's log lines can carry request details: only errors, without PII.
      system: { loggerOptions: { logLevel: LogLevel.Error, piiLoggingEnabled: false, loggerCallback: () => undefined } },
    });
    return app;
  };
  return async (force): Promise<TAccessToken> => {
    try {
      const result = await application().acquireTokenByClientCredential({ scopes: [scope], skipCache: force });
      if (!result?.accessToken) throw new OAuthTokenError('Microsoft Entra ID returned no access token.', { code: 'no_token', permanent: false });
      return { token: result.accessToken, expiresAt: result.expiresOn ?? new Date(Date.now() + 3_600_000) };
    } catch (error) {
      // A failed metadata discovery stays cached in the application: start over next time.
      app = null;
      throw tokenFailure('microsoft', await explainDiscovery(error, authority), context);
    }
  };
}

/**
 * msal-node reports a failed authority discovery (a wrong tenant, mostly) without the server's
 * answer: ask for the metadata once more to get Entra ID's own error (AADSTS90002 …).
 */
async function explainDiscovery(error: unknown, authority: string): Promise<unknown> {
  if ((error as { errorCode?: unknown }).errorCode !== 'endpoints_resolution_error') return error;
  try {
    const response = await fetch(`${authority}/v2.0/.well-known/openid-configuration`, { signal: AbortSignal.timeout(15_000) });
    const body = (await response.json()) as { error?: unknown; error_description?: unknown };
    if (!response.ok && typeof body.error === 'string') {
      return Object.assign(new Error(String(body.error_description ?? body.error)), { error: body.error, error_description: body.error_description, status: response.status });
    }
  } catch {
    // Unreachable or not JSON: msal-node's own error says as much.
  }
  return error;
}
