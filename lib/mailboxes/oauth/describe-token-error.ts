import type { TOAuthFlow } from './oauth-config';
import { OAuthTokenError } from './token-error';

interface TContext {
  tokenUrl?: string;
  clientId?: string;
  tenantId?: string;
  username?: string;
}

interface TRaw {
  code: string;
  description: string;
  status?: number;
  network: boolean;
}

// Library errors differ (oauth4webapi ResponseBodyError, msal ServerError/AuthError, gaxios
// GaxiosError, fetch's TypeError): typed loosely on purpose, only these fields are read.
type TLooseError = Error & {
  error?: unknown;
  error_description?: unknown;
  errorCode?: unknown;
  errorMessage?: unknown;
  status?: unknown;
  code?: unknown;
  cause?: unknown;
  response?: { status?: number; data?: unknown };
};

const NETWORK_CODES = /^(ECONNREFUSED|ECONNRESET|ENOTFOUND|EAI_AGAIN|ETIMEDOUT|EHOSTUNREACH|ENETUNREACH|UND_ERR_\w+|CERT_\w+|DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN|UNABLE_TO_VERIFY_LEAF_SIGNATURE|network_error|endpoints_resolution_error|openid_config_error|TimeoutError|AbortError)$/;

function text(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

/** The OAuth2 error code and text, whichever library threw. */
function rawError(error: unknown): TRaw {
  if (!(error instanceof Error)) return { code: 'unknown', description: String(error), network: false };
  const e = error as TLooseError;
  const data = e.response?.data && typeof e.response.data === 'object' ? (e.response.data as Record<string, unknown>) : {};
  const cause = e.cause instanceof Error ? (e.cause as TLooseError) : undefined;
  const code = text(e.error) || text(data.error) || text(e.errorCode) || text(e.code) || text(cause?.code) || e.name;
  let description = text(e.error_description) || text(data.error_description) || text(e.errorMessage) || (cause ? `${e.message}: ${cause.message}` : e.message);
  // msal-node wraps Entra ID's text: "Error(s): … - Description: AADSTS…: … - Correlation ID: … - Trace ID: …".
  const wrapped = /Description: ([\s\S]*?)(?: - Correlation ID:| - Trace ID:|$)/.exec(description);
  if (wrapped) description = wrapped[1];
  const status = typeof e.status === 'number' ? e.status : e.response?.status;
  const network = NETWORK_CODES.test(code) || NETWORK_CODES.test(e.name) || (e instanceof TypeError && /fetch failed/i.test(e.message));
  return { code, description: description.replace(/\s+/g, ' ').trim().slice(0, 500), status, network };
}

/** Microsoft's AADSTS codes that mean a setting to fix, in the words of the fix. */
function microsoftHint(description: string, ctx: TContext): string | null {
  const aadsts = /AADSTS(\d+)/.exec(description)?.[1];
  const tenant = ctx.tenantId ? `tenant ${ctx.tenantId}` : 'the tenant';
  switch (aadsts) {
    case '7000215':
      return "The client secret is wrong: in Entra ID › App registrations › the app › Certificates & secrets, copy the secret's Value (not its Secret ID).";
    case '7000222':
      return 'The client secret has expired: create a new one under Certificates & secrets and enter it here.';
    case '700016':
      return `No application with client id ${ctx.clientId ?? '?'} exists in ${tenant}: check the Application (client) ID, and that the tenant id is the tenant the app is registered (or consented) in.`;
    case '90002':
    case '900023':
      return `${tenant[0].toUpperCase()}${tenant.slice(1)} does not exist: use the Directory (tenant) ID from the app's Overview page.`;
    case '700027':
    case '700024':
    case '700023':
      return 'The certificate was not accepted: upload its public part (.cer/.pem) to the app under Certificates & secrets; the key entered here must belong to it.';
    case '65001':
      return `Admin consent is missing: Entra ID › App registrations › the app › API permissions › "Grant admin consent for ${ctx.tenantId ?? 'your organisation'}".`;
    case '500011':
      return 'The resource in the scope is not in this tenant: for IMAP use https://outlook.office365.com/.default (Exchange Online must be licensed), for Graph https://graph.microsoft.com/.default.';
    case '1002012':
    case '70011':
      return 'The scope is invalid: app-only tokens take a resource with /.default — https://outlook.office365.com/.default for IMAP, https://graph.microsoft.com/.default for Graph.';
    case '7000112':
      return 'The application is disabled in Entra ID: enable it (Enterprise applications › the app › Properties › Enabled for users to sign in).';
    case '50034':
    case '50020':
      return `The account is not in ${tenant}: check the tenant id.`;
  }
  return null;
}

function googleHint(flow: TOAuthFlow, raw: TRaw, ctx: TContext): string | null {
  const user = ctx.username ?? 'the mailbox';
  if (flow === 'google-service-account') {
    if (raw.code === 'unauthorized_client') {
      return `Domain-wide delegation is not set up for this service account: Google Admin console › Security › API controls › Domain-wide delegation › Add new — the service account's numeric client id, scope https://mail.google.com/.`;
    }
    if (raw.code === 'invalid_grant') {
      return `Google refused to let the service account act as ${user}: the user name must be a user of the Workspace domain (not an alias or a group), and the service account key must not be deleted or disabled.`;
    }
    if (/private key|PEM|DECODER|asn1|key/i.test(raw.description) && !raw.network) {
      return "The service account key is not usable: paste the whole JSON key file downloaded from the Google Cloud console (it holds client_email and private_key).";
    }
  }
  if (flow === 'google-refresh-token') {
    if (raw.code === 'invalid_grant') {
      return `The granted access is no longer valid (revoked, the password changed, or a consent screen in "Testing" status lets it expire after 7 days): grant access again with the consent link.`;
    }
    if (raw.code === 'invalid_client' || raw.code === 'unauthorized_client') {
      return 'The OAuth client id or secret is wrong, or the refresh token was granted to another client: check them in Google Cloud console › APIs & Services › Credentials, then grant access again.';
    }
  }
  return null;
}

function genericHint(raw: TRaw, ctx: TContext): string | null {
  switch (raw.code) {
    case 'invalid_client':
      return `The token endpoint does not accept client id ${ctx.clientId ?? '?'} with this secret: check both (and whether the server wants them in the body or as HTTP Basic).`;
    case 'unauthorized_client':
      return 'This client may not use the client-credentials grant: allow it on the OAuth2 server.';
    case 'invalid_scope':
      return 'The scope is not accepted by the token endpoint: check the scope.';
    case 'invalid_request':
      return null;
  }
  return null;
}

/** Wraps whatever a token library threw into an OAuthTokenError a person can act on. */
export function tokenFailure(flow: TOAuthFlow, error: unknown, ctx: TContext = {}): OAuthTokenError {
  if (error instanceof OAuthTokenError) return error;
  const raw = rawError(error);
  const where = ctx.tokenUrl ? ` at ${ctx.tokenUrl}` : '';
  if (raw.network) {
    return new OAuthTokenError(`Could not reach the token endpoint${where}: ${raw.description}.`, { code: raw.code, detail: raw.description, permanent: false, cause: error });
  }
  const hint =
    (flow === 'microsoft' || /AADSTS\d+/.test(raw.description) ? microsoftHint(raw.description, ctx) : null) ??
    (flow.startsWith('google') ? googleHint(flow, raw, ctx) : null) ??
    genericHint(raw, ctx);
  const server = raw.description ? ` (${raw.code}: ${raw.description})` : ` (${raw.code})`;
  const message = hint ? `No OAuth2 token${where}: ${hint}${server}` : `The token endpoint${where} refused to issue a token${server}.`;
  // 5xx and 429 are the server's trouble; 4xx (and library refusals) are the configuration's.
  const permanent = raw.status === undefined ? true : raw.status < 500 && raw.status !== 429;
  return new OAuthTokenError(message, { code: raw.code, detail: raw.description, permanent, cause: error });
}
