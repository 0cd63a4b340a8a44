import { MICROSOFT_AUTHORITY, ZOAuthConfig, type TOAuthConfig, type TOAuthConfigInput } from './oauth-config';

/** What an ATLAS_IMAP_URL entry says about OAuth2 (nothing for password mailboxes). */
export interface TEnvOAuth {
  oauth: TOAuthConfig;
  /** The secret itself (client secret from the URL)… */
  secret: string;
  /** …or a file holding it (certificate_file, key_file), read by the worker. */
  secretFile?: string;
  refreshToken?: string;
}

/** Query parameters that hold secrets: never shown in an error or a log line. */
export const SECRET_PARAMS = ['client_secret', 'refresh_token'];

/**
 * The OAuth2 query options of an ATLAS_IMAP_URL entry:
 * - `auth=oauth2&token_url=URL&client_id=ID&client_secret=S[&scope=SCOPE][&client_auth=basic]`:
 *   client credentials against any token endpoint (Microsoft's included);
 * - `auth=microsoft&tenant=T&client_id=ID&(client_secret=S|certificate_file=PEM)[&authority=URL][&scope=…]`:
 *   Microsoft Entra app-only through msal-node (the default for graph://);
 * - `auth=google&key_file=JSON[&token_url=URL]`: a service account with domain-wide delegation;
 * - `auth=google&client_id=ID&client_secret=S&refresh_token=R`: an OAuth client and a refresh token.
 * Returns null for `auth=password` and for `auth=oauth2` with the token as the URL's password.
 */
export function parseEnvOAuth(auth: string, params: URLSearchParams, fail: (why: string) => never): TEnvOAuth | null {
  const get = (name: string) => params.get(name) ?? undefined;
  let input: TOAuthConfigInput;
  let secret = get('client_secret') ?? '';
  let secretFile: string | undefined;
  let refreshToken: string | undefined;
  if (auth === 'oauth2') {
    if (!params.has('token_url')) return null;
    input = { flow: 'client-credentials', tokenUrl: get('token_url') ?? '', clientId: get('client_id') ?? '', scope: get('scope'), clientAuth: get('client_auth') as 'post' | 'basic' | undefined };
    if (!secret) fail('client_secret is missing');
  } else if (auth === 'microsoft') {
    secretFile = get('certificate_file');
    input = {
      flow: 'microsoft',
      tenantId: get('tenant') ?? '',
      clientId: get('client_id') ?? '',
      authority: get('authority') ?? MICROSOFT_AUTHORITY,
      credential: secretFile ? 'certificate' : 'secret',
      scope: get('scope'),
    };
    if (!secret && !secretFile) fail('client_secret (or certificate_file) is missing');
  } else if (auth === 'google') {
    if (params.has('key_file')) {
      secretFile = get('key_file');
      input = { flow: 'google-service-account', tokenUrl: get('token_url'), scope: get('scope') };
    } else {
      refreshToken = get('refresh_token');
      input = { flow: 'google-refresh-token', clientId: get('client_id') ?? '', tokenUrl: get('token_url'), scope: get('scope') };
      if (!secret || !refreshToken) fail('auth=google needs key_file (service account), or client_id, client_secret and refresh_token');
    }
  } else {
    return null;
  }
  const parsed = ZOAuthConfig.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    fail(`${issue.path.join('.') || 'oauth'}: ${issue.message}`);
  }
  secret = secretFile ? '' : secret;
  return { oauth: parsed.data!, secret, secretFile, refreshToken };
}
