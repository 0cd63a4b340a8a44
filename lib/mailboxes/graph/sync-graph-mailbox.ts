import { log } from '@/lib/platform/log';
import type { IngestMessage, MailboxPlan } from '@/lib/mailboxes/imap/types';
import type { GraphClient } from './graph-client';
import { folderCount } from './graph-folders';
import { categorizeMessage, FAILED_CATEGORY, listPending, moveMessage, PROCESSED_CATEGORY, readMessage } from './graph-messages';
import type { TGraphMessage } from './graph-schemas';
import { loadCursor, saveProgress } from './graph-state';

export interface GraphFolders {
  source: string;
  processed: string | null;
  failed: string | null;
}

export interface GraphSyncOptions {
  batchSize: number;
  /** Messages per Graph page ($top); the server may send fewer and an @odata.nextLink. */
  pageSize: number;
  concurrency: number;
  maxMessageBytes: number;
  ingest: IngestMessage;
  keepGoing: () => boolean;
  databaseHealthy: () => Promise<boolean>;
}

export interface GraphSyncResult {
  ingested: number;
  failed: number;
  backlog: number;
  stuck: Array<{ id: string; error: string }>;
  notes: string[];
}

/**
 * Reads every message of the mailbox's Graph folder, ingests its reports, and only then moves
 * it to the processed folder (or the failed one when it holds no report) — or, in flag mode,
 * adds a category and advances the stored receivedDateTime. Same guarantees as the IMAP sync: a
 * crash or dropped connection leaves each message handled or still waiting; one read again is
 * re-ingested, and the pipeline recognises its reports as duplicates.
 */
export async function syncGraphMailbox(client: GraphClient, plan: MailboxPlan, folders: GraphFolders, options: GraphSyncOptions): Promise<GraphSyncResult> {
  const flagMode = plan.afterIngest === 'flag';
  const where = `graph://${encodeURIComponent(plan.username)}@${plan.host}${plan.port === 443 ? '' : `:${plan.port}`}/${plan.folder.split('/').map(encodeURIComponent).join('/')}`;
  const totals: GraphSyncResult = { ingested: 0, failed: 0, backlog: 0, stuck: [], notes: [] };
  const stuck = new Set<string>();
  // Handled in this pass: a message the server still lists after its move is not read twice.
  const handled = new Set<string>();
  let cursor = flagMode ? await loadCursor(plan.id) : null;
  const ours = (m: TGraphMessage) => (m.categories ?? []).some((c) => c === PROCESSED_CATEGORY || c === FAILED_CATEGORY);
  const started = Date.now();

  const settle = async (message: TGraphMessage, isReport: boolean) => {
    if (flagMode) await categorizeMessage(client, plan.username, message, isReport ? PROCESSED_CATEGORY : FAILED_CATEGORY);
    else await moveMessage(client, plan.username, message.id, (isReport ? folders.processed : folders.failed)!);
    handled.add(message.id);
  };

  for (;;) {
    if (!options.keepGoing()) return totals;
    const batch = await listPending(client, plan.username, {
      folderId: folders.source,
      since: cursor,
      skip: (m) => stuck.has(m.id) || handled.has(m.id) || (flagMode && ours(m)),
      limit: options.batchSize,
      pageSize: options.pageSize,
    });
    if (batch.length === 0) break;
    let outage: unknown;
    let next = 0;
    const markStuck = (message: TGraphMessage, error: unknown) => {
      stuck.add(message.id);
      totals.stuck.push({ id: message.id, error: error instanceof Error ? error.message : String(error) });
      log.error({ mailbox: plan.label, id: message.id, err: error }, 'ingest threw: the message stays in the folder and is retried on the next sync');
    };
    // Ingests one message's inputs: true/false = reports or not, null = stuck or database outage.
    const ingestAll = async (message: TGraphMessage, inputs: Array<{ bytes: Buffer; name: string }>): Promise<boolean | null> => {
      let reports = false;
      let lastError: string | undefined;
      for (const input of inputs) {
        try {
          const outcome = await options.ingest({ bytes: input.bytes, name: input.name, source: 'graph', mailboxId: plan.id });
          if (outcome.status === 'failed') lastError = outcome.error;
          else reports = true;
        } catch (error) {
          if (await options.databaseHealthy()) markStuck(message, error);
          else outage ??= error;
          return null;
        }
      }
      if (!reports) log.warn({ mailbox: plan.label, id: message.id, error: lastError }, `no DMARC report in message: ${flagMode ? `marked "${FAILED_CATEGORY}"` : `moved to ${plan.failedFolder}`}`);
      return reports;
    };
    const lane = async () => {
      while (outage === undefined && next < batch.length) {
        const message = batch[next++];
        try {
          const read = await readMessage(client, plan.username, message, where, options.maxMessageBytes);
          if ('tooLarge' in read) {
            const note = `message "${(message.subject ?? '').slice(0, 80)}" of ${message.receivedDateTime ?? '?'}: ${read.tooLarge}; ${flagMode ? `marked "${FAILED_CATEGORY}"` : `moved to ${plan.failedFolder}`} unread`;
            totals.notes.push(note);
            log.error({ mailbox: plan.label, id: message.id }, note);
            await settle(message, false);
            totals.failed++;
            continue;
          }
          const reports = await ingestAll(message, read.inputs);
          if (reports === null) continue;
          // Only now, its reports committed, does the message leave the folder.
          await settle(message, reports);
          if (reports) totals.ingested++;
          else totals.failed++;
        } catch (error) {
          // Graph, token and network failures end the pass: the watcher reconnects, backing off.
          outage ??= error;
        }
      }
    };
    await Promise.all(Array.from({ length: Math.max(1, Math.min(options.concurrency, batch.length)) }, lane));
    if (flagMode) {
      // Low-water mark: never past a message that is not handled (stuck, or cut off by a failure).
      const firstOpen = batch.findIndex((m) => !handled.has(m.id));
      const upTo = firstOpen === -1 ? batch.at(-1) : batch[firstOpen - 1];
      if (upTo?.receivedDateTime && (!cursor || upTo.receivedDateTime > cursor)) cursor = upTo.receivedDateTime;
    }
    // Move mode: what the folder still holds; flag mode: what this batch left open (a lower bound).
    totals.backlog = flagMode ? batch.filter((m) => !handled.has(m.id)).length + stuck.size : await folderCount(client, plan.username, folders.source).catch(() => totals.backlog);
    await saveProgress(plan.id, cursor, totals.backlog);
    if (outage !== undefined) throw outage;
    log.info({ mailbox: plan.label, done: totals.ingested + totals.failed, backlog: totals.backlog }, 'mailbox progress');
  }
  totals.backlog = stuck.size;
  if (totals.ingested + totals.failed > 0) {
    log.info({ mailbox: plan.label, ingested: totals.ingested, failed: totals.failed, stuck: stuck.size, ms: Date.now() - started }, 'mailbox read');
  }
  return totals;
}
