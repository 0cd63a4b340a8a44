import type { Prisma } from '@/lib/platform/db';
import { readOAuthConfig, type TOAuthConfig } from './oauth/oauth-config';
import type { TAfterIngest, TAuthType, TMailboxKind } from './schema';

/** A mailbox as pages and APIs show it: never the secret, only whether one is stored. */
export interface TMailboxView {
  id: number;
  organizationId: number | null;
  label: string;
  host: string;
  port: number;
  tls: boolean;
  username: string;
  authType: TAuthType;
  hasSecret: boolean;
  folder: string;
  processedFolder: string;
  failedFolder: string;
  afterIngest: TAfterIngest;
  enabled: boolean;
  /** Configured by ATLAS_IMAP_URL: read-only in the UI. */
  fromEnv: boolean;
  lastSuccessAt: Date | null;
  lastErrorAt: Date | null;
  lastError: string | null;
  backlog: number;
  kind: TMailboxKind;
  /** The non-secret OAuth2 settings (null: password or pasted token). */
  oauth: TOAuthConfig | null;
  /** A refresh token was granted through the consent link. */
  hasRefreshToken: boolean;
  tokenExpiresAt: Date | null;
  tokenRefreshedAt: Date | null;
}

/** The columns needed to connect to a mailbox (the IMAP worker's select; the view adds status). */
export const MAILBOX_CONNECTION_SELECT = {
  id: true,
  organizationId: true,
  label: true,
  host: true,
  port: true,
  tls: true,
  username: true,
  authType: true,
  secretEnc: true,
  folder: true,
  processedFolder: true,
  failedFolder: true,
  afterIngest: true,
  enabled: true,
  kind: true,
  oauth: true,
  refreshTokenEnc: true,
} as const;

export const MAILBOX_VIEW_SELECT = {
  ...MAILBOX_CONNECTION_SELECT,
  lastSuccessAt: true,
  lastErrorAt: true,
  lastError: true,
  backlog: true,
  tokenExpiresAt: true,
  tokenRefreshedAt: true,
} as const;

export type TMailboxConnectionRow = Prisma.MailboxGetPayload<{ select: typeof MAILBOX_CONNECTION_SELECT }>;

export function toMailboxView(row: Prisma.MailboxGetPayload<{ select: typeof MAILBOX_VIEW_SELECT }>): TMailboxView {
  const { secretEnc, refreshTokenEnc, ...rest } = row;
  return {
    ...rest,
    kind: row.kind as TMailboxKind,
    oauth: readOAuthConfig(row.oauth),
    hasRefreshToken: refreshTokenEnc !== null,
    authType: row.authType as TAuthType,
    afterIngest: row.afterIngest as TAfterIngest,
    hasSecret: secretEnc !== null,
    fromEnv: row.organizationId === null,
  };
}
