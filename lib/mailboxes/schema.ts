import { z } from 'zod';
import { ZOAuthConfig } from './oauth/oauth-config';

export const AFTER_INGEST = ['move', 'flag'] as const;
export const AUTH_TYPES = ['password', 'oauth2'] as const;
export type TAfterIngest = (typeof AFTER_INGEST)[number];
export type TAuthType = (typeof AUTH_TYPES)[number];
export const MAILBOX_KINDS = ['imap', 'graph'] as const;
export type TMailboxKind = (typeof MAILBOX_KINDS)[number];

const folderName = z.string().trim().min(1).max(200);

/** A mailbox as an organisation configures it (the settings form, the API, the CLI). */
export const ZMailboxInput = z
  .object({
    label: z.string().trim().min(1, 'a name is required').max(100),
    host: z
      .string()
      .trim()
      .min(1, 'the IMAP server is required')
      .max(253)
      .regex(/^[A-Za-z0-9.:[\]-]+$/, 'a host name or IP address, without imap:// or a port'),
    port: z.coerce.number().int().min(1).max(65535),
    tls: z.boolean(),
    username: z.string().trim().min(1, 'the user name is required').max(320),
    authType: z.enum(AUTH_TYPES),
    // Empty on update means "keep the stored secret".
    secret: z.string().max(8192).optional(),
    folder: folderName.default('INBOX'),
    processedFolder: folderName.default('DMARC/Processed'),
    failedFolder: folderName.default('DMARC/Failed'),
    afterIngest: z.enum(AFTER_INGEST).default('move'),
    enabled: z.boolean().default(true),
    kind: z.enum(MAILBOX_KINDS).default('imap'),
    // How OAuth2 tokens are obtained (lib/mailboxes/oauth); null: password or a pasted token.
    oauth: ZOAuthConfig.nullable().default(null),
  })
  .refine((m) => m.kind === 'imap' || (m.oauth !== null && (m.oauth.flow === 'microsoft' || m.oauth.flow === 'client-credentials')), {
    message: 'Microsoft Graph needs app credentials (Microsoft 365 app, or OAuth2 client credentials)',
    path: ['oauth'],
  })
  .refine((m) => m.oauth === null || m.authType === 'oauth2', { message: 'OAuth2 settings need the OAuth2 sign-in', path: ['authType'] })
  .refine((m) => m.afterIngest === 'flag' || (m.processedFolder !== m.folder && m.failedFolder !== m.folder), {
    message: 'the processed and failed folders must differ from the folder that is read',
    path: ['processedFolder'],
  });

export type TMailboxInput = z.infer<typeof ZMailboxInput>;
export type TMailboxInputRaw = z.input<typeof ZMailboxInput>;
