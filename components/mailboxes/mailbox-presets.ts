import type { TMailboxFormValues } from './form-values';

/** How the mailbox signs in: a password, a pasted token, or one of the OAuth2 flows. */
export const SIGN_INS = {
  password: 'Password',
  token: 'Access token (pasted)',
  'client-credentials': 'OAuth2 client credentials',
  microsoft: 'Microsoft 365 app',
  'google-service-account': 'Google service account',
  'google-refresh-token': 'Google sign-in (consent)',
} as const;
export type TSignIn = keyof typeof SIGN_INS;

export interface TPreset {
  label: string;
  values: Partial<TMailboxFormValues>;
  /** What to set up at the provider, in a sentence or two (README has the steps). */
  help?: string;
}

// The providers people point rua= at most often. Microsoft 365 no longer takes passwords over
// IMAP and Google prefers OAuth: their presets sign in as an app, with tokens refreshed by the
// worker.
export const PRESETS: Record<string, TPreset> = {
  generic: { label: 'Any IMAP server (password)', values: { kind: 'imap', host: '', port: 993, tls: true, signIn: 'password', folder: 'INBOX' } },
  m365: {
    label: 'Microsoft 365 — IMAP, as an app (OAuth2)',
    values: { kind: 'imap', host: 'outlook.office365.com', port: 993, tls: true, signIn: 'microsoft', credential: 'secret', folder: 'INBOX' },
    help: 'An app registration in Microsoft Entra ID with the Office 365 Exchange Online application permission IMAP.AccessAsApp (admin consent), made known to Exchange with New-ServicePrincipal and given access to the mailbox with Add-MailboxPermission. Steps: README › Microsoft 365.',
  },
  graph: {
    label: 'Microsoft 365 — Microsoft Graph API, as an app',
    values: { kind: 'graph', host: 'graph.microsoft.com', port: 443, tls: true, signIn: 'microsoft', credential: 'secret', folder: 'Inbox' },
    help: 'An app registration with the Microsoft Graph application permission Mail.ReadWrite (admin consent); no IMAP needed. Limit it to the report mailbox with an application access policy. Steps: README › Microsoft 365.',
  },
  'google-sa': {
    label: 'Google Workspace — service account',
    values: { kind: 'imap', host: 'imap.gmail.com', port: 993, tls: true, signIn: 'google-service-account', folder: 'INBOX' },
    help: 'A service account whose client id has domain-wide delegation for the scope https://mail.google.com/ (Admin console › Security › API controls). The user name is the mailbox it acts as; paste its JSON key. Steps: README › Google.',
  },
  'google-consent': {
    label: 'Google Workspace / Gmail — sign in with Google',
    values: { kind: 'imap', host: 'imap.gmail.com', port: 993, tls: true, signIn: 'google-refresh-token', folder: 'INBOX' },
    help: 'An OAuth client (Web application) in Google Cloud console with the redirect URI below. After saving, use “Grant access” and sign in as the mailbox.',
  },
  oauth2: {
    label: 'Any IMAP server — OAuth2 client credentials',
    values: { kind: 'imap', host: '', port: 993, tls: true, signIn: 'client-credentials', folder: 'INBOX' },
    help: 'The token endpoint issues a token to this client (client credentials grant) that the IMAP server accepts with XOAUTH2 for the user name.',
  },
};
