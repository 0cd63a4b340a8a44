import type { TAfterIngest, TAuthType } from './schema';

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
}

export const MAILBOX_VIEW_SELECT = {
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
  lastSuccessAt: true,
  lastErrorAt: true,
  lastError: true,
  backlog: true,
} as const;

export function toMailboxView(row: {
  id: number;
  organizationId: number | null;
  label: string;
  host: string;
  port: number;
  tls: boolean;
  username: string;
  authType: string;
  secretEnc: string | null;
  folder: string;
  processedFolder: string;
  failedFolder: string;
  afterIngest: string;
  enabled: boolean;
  lastSuccessAt: Date | null;
  lastErrorAt: Date | null;
  lastError: string | null;
  backlog: number;
}): TMailboxView {
  const { secretEnc, ...rest } = row;
  return {
    ...rest,
    authType: row.authType as TAuthType,
    afterIngest: row.afterIngest as TAfterIngest,
    hasSecret: secretEnc !== null,
    fromEnv: row.organizationId === null,
  };
}
