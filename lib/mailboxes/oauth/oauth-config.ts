import { z } from 'zod';

/**
 * How a mailbox gets its OAuth2 access tokens (the non-secret half; the secret — client secret,
 * certificate key, service-account key — is encrypted in `mailbox.secret_enc`):
 * - `client-credentials`: any OAuth2 server, RFC 6749 §4.4 (ATLAS_IMAP_URL's generic form);
 * - `microsoft`: Microsoft Entra app-only (client credentials through msal-node), with a client
 *   secret or a certificate;
 * - `google-service-account`: a service account with domain-wide delegation, impersonating the
 *   report mailbox;
 * - `google-refresh-token`: an OAuth client plus the refresh token a person granted once through
 *   the consent link on the settings page.
 */
export const OAUTH_FLOWS = ['client-credentials', 'microsoft', 'google-service-account', 'google-refresh-token'] as const;
export type TOAuthFlow = (typeof OAUTH_FLOWS)[number];

export const MICROSOFT_AUTHORITY = 'https://login.microsoftonline.com';
export const MICROSOFT_IMAP_SCOPE = 'https://outlook.office365.com/.default';
export const GRAPH_HOST = 'graph.microsoft.com';
export const GOOGLE_MAIL_SCOPE = 'https://mail.google.com/';
export const GOOGLE_TOKEN_URL = 'https://oauth2.googleapis.com/token';
export const GOOGLE_AUTH_URL = 'https://accounts.google.com/o/oauth2/v2/auth';

/** Microsoft's token endpoint of a tenant: what the generic form needs for the Microsoft preset. */
export function microsoftTokenUrl(tenantId: string, authority = MICROSOFT_AUTHORITY): string {
  return `${authority.replace(/\/+$/, '')}/${encodeURIComponent(tenantId)}/oauth2/v2.0/token`;
}

// http only for loopback (tests, a local token proxy): a token endpoint gets client secrets.
const ZEndpoint = z
  .url({ protocol: /^https?$/, error: 'a http(s) URL' })
  .max(2000)
  .refine((value) => {
    const url = new URL(value);
    return url.protocol === 'https:' || ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);
  }, 'must use https (http only on loopback)');

const ZClientId = z.string().trim().min(1, 'the client id is required').max(500);
const ZScope = z.string().trim().max(2000);

export const ZOAuthConfig = z.discriminatedUnion('flow', [
  z.object({
    flow: z.literal('client-credentials'),
    tokenUrl: ZEndpoint,
    clientId: ZClientId,
    scope: ZScope.default(''),
    // client_secret_post is what Microsoft and most servers take; basic for the others.
    clientAuth: z.enum(['post', 'basic']).default('post'),
  }),
  z.object({
    flow: z.literal('microsoft'),
    // A GUID or a verified domain (contoso.onmicrosoft.com).
    tenantId: z
      .string()
      .trim()
      .min(1, 'the tenant id is required')
      .max(200)
      .regex(/^[A-Za-z0-9.-]+$/, 'a tenant id (GUID) or domain'),
    clientId: ZClientId,
    // Sovereign clouds: https://login.microsoftonline.us, https://login.partner.microsoftonline.cn.
    authority: ZEndpoint.default(MICROSOFT_AUTHORITY),
    credential: z.enum(['secret', 'certificate']).default('secret'),
    // Empty: the resource the mailbox is read through (IMAP: Exchange Online; Graph: Graph).
    scope: ZScope.default(''),
  }),
  z.object({
    flow: z.literal('google-service-account'),
    tokenUrl: ZEndpoint.default(GOOGLE_TOKEN_URL),
    scope: ZScope.default(GOOGLE_MAIL_SCOPE),
  }),
  z.object({
    flow: z.literal('google-refresh-token'),
    clientId: ZClientId,
    tokenUrl: ZEndpoint.default(GOOGLE_TOKEN_URL),
    authUrl: ZEndpoint.default(GOOGLE_AUTH_URL),
    scope: ZScope.default(GOOGLE_MAIL_SCOPE),
  }),
]);

export type TOAuthConfig = z.infer<typeof ZOAuthConfig>;
export type TOAuthConfigInput = z.input<typeof ZOAuthConfig>;

/** A stored config (JSON column) read back; null when absent or unreadable. */
export function readOAuthConfig(value: unknown): TOAuthConfig | null {
  if (value === null || value === undefined) return null;
  const parsed = ZOAuthConfig.safeParse(value);
  return parsed.success ? parsed.data : null;
}

/** Which secret each flow needs, in words (form labels and errors). */
export function secretName(config: TOAuthConfig): string {
  switch (config.flow) {
    case 'client-credentials':
      return 'the client secret';
    case 'microsoft':
      return config.credential === 'certificate' ? 'the certificate and its private key (PEM)' : 'the client secret';
    case 'google-service-account':
      return "the service account's JSON key";
    case 'google-refresh-token':
      return 'the OAuth client secret';
  }
}
