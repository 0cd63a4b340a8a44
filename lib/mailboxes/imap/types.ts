import type { TAfterIngest } from '@/lib/mailboxes/schema';

/** What the poller needs from the ingest pipeline (lib/ingest/pipeline.ts `ingestBuffer`). */
export interface MessageIngestInput {
  bytes: Buffer;
  name: string;
  source: 'imap' | 'graph';
  mailboxId?: number;
}

export interface MessageIngestOutcome {
  status: 'ingested' | 'duplicate' | 'set_aside' | 'partial' | 'failed';
  error?: string;
}

/** One message's fate in a batch: its outcome, or what kept it from being stored (the database failed). */
export type MessageBatchResult = { outcome: MessageIngestOutcome } | { error: unknown };

export type IngestMessage = ((input: MessageIngestInput) => Promise<MessageIngestOutcome>) & {
  /**
   * Several messages at once, several committed per transaction where that is safe
   * (lib/ingest ingestMany); when absent, messages are ingested one by one.
   */
  many?: (inputs: MessageIngestInput[]) => Promise<MessageBatchResult[]>;
};

/** A mailbox's folders and policy as the sync needs them (folder names `/`-separated). */
export interface MailboxPlan {
  id: number;
  label: string;
  username: string;
  host: string;
  port: number;
  folder: string;
  processedFolder: string;
  failedFolder: string;
  afterIngest: TAfterIngest;
}

// Keywords set in flag mode (the message stays where it is). `$` prefix: client-defined keyword.
export const PROCESSED_KEYWORD = '$AtlasProcessed';
export const FAILED_KEYWORD = '$AtlasFailed';
