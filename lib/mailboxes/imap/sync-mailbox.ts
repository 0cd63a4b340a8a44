import type { ImapFlow } from 'imapflow';
import { log } from '@/lib/platform/log';
import { serverPath } from './folders';
import { toSequenceSet } from './sequence-set';
import { advanceLastUid, loadMailboxState, resetUidValidity } from './state';
import { FAILED_KEYWORD, PROCESSED_KEYWORD, type IngestMessage, type MailboxPlan } from './types';

export interface SyncOptions {
  batchSize: number;
  batchBytes: number;
  /** Messages ingested at the same time. */
  concurrency: number;
  /** Larger messages are not downloaded: the pipeline would refuse them (ATLAS_MAX_FILE_BYTES). */
  maxMessageBytes: number;
  ingest: IngestMessage;
  /** False once the worker must let go (shutdown, lock lost): checked between batches. */
  keepGoing: () => boolean;
  /**
   * Asked when an ingest throws (rather than returning "failed"): with the database down the
   * sync stops and is retried later; with it up, the message is stuck (a pipeline bug, say),
   * stays in the folder to be retried on the next sync, and the others go on.
   */
  databaseHealthy: () => Promise<boolean>;
}

export interface StuckMessage {
  uid: number;
  error: string;
}

export interface SyncResult {
  ingested: number;
  failed: number;
  backlog: number;
  stuck: StuckMessage[];
  /** Problems a person should see in the mailbox status although the sync went on. */
  notes: string[];
}

/** RFC 5092 IMAP URL of a message: what the ingest log shows to find the message again. */
export function messageName(plan: MailboxPlan, uidValidity: bigint, uid: number): string {
  const folder = plan.folder.split('/').map(encodeURIComponent).join('/');
  return `imap://${encodeURIComponent(plan.username)}@${plan.host}:${plan.port}/${folder};UIDVALIDITY=${uidValidity}/;UID=${uid}`;
}

/**
 * Reads every message in the mailbox's folder above the stored UID, ingests it, and only then
 * moves it to the processed folder (a report mail) or the failed folder (nothing in it is a
 * report) — or flags it, in flag mode. Progress (last UID) is committed after each batch.
 *
 * A crash or dropped connection anywhere leaves each message either handled (moved/flagged) or
 * still in the folder to be read again; reading it again re-ingests reports the pipeline already
 * holds, which it recognises as duplicates. So nothing is lost and nothing is counted twice.
 */
export async function syncMailbox(client: ImapFlow, plan: MailboxPlan, options: SyncOptions): Promise<SyncResult> {
  const source = serverPath(client, plan.folder);
  // Re-selecting refreshes the view; a NOOP does when the folder is already open (polling mode).
  if (client.mailbox && client.mailbox.path === source) await client.noop();
  const box = client.mailbox && client.mailbox.path === source ? client.mailbox : await client.mailboxOpen(source);
  const uidValidity = BigInt(box.uidValidity);

  const state = await loadMailboxState(plan.id);
  if (!state) throw new Error(`mailbox ${plan.label} was deleted`);
  let lastUid = Number(state.lastUid);
  if (state.uidValidity !== uidValidity) {
    if (state.uidValidity !== null) {
      log.warn({ mailbox: plan.label, was: String(state.uidValidity), now: String(uidValidity) }, 'UIDVALIDITY changed: reading the whole folder again (stored reports are recognised as duplicates)');
    }
    await resetUidValidity(plan.id, uidValidity);
    lastUid = 0;
  }

  const processedPath = serverPath(client, plan.processedFolder);
  const failedPath = serverPath(client, plan.failedFolder);
  const totals: SyncResult = { ingested: 0, failed: 0, backlog: 0, stuck: [], notes: [] };
  const stuck = new Set<number>();
  const started = Date.now();

  const settle = async (reports: number[], junk: number[]) => {
    const steps: Array<[number[], string, string]> =
      plan.afterIngest === 'move'
        ? [
            [reports, processedPath, plan.processedFolder],
            [junk, failedPath, plan.failedFolder],
          ]
        : [
            [reports, PROCESSED_KEYWORD, PROCESSED_KEYWORD],
            [junk, FAILED_KEYWORD, FAILED_KEYWORD],
          ];
    for (const [uids, target, name] of steps) {
      if (uids.length === 0) continue;
      const done =
        plan.afterIngest === 'move'
          ? await client.messageMove(toSequenceSet(uids), target, { uid: true })
          : await client.messageFlagsAdd(toSequenceSet(uids), [target], { uid: true });
      // imapflow reports a refused MOVE/STORE as `false`: the messages stay and are read again.
      if (done === false) throw new Error(`the server refused to ${plan.afterIngest === 'move' ? `move messages to "${name}"` : `set ${name}`}`);
    }
  };

  // Ingests one chunk (bounded in bytes), then settles what it handled — also when the
  // database went away halfway, so that the work done is not repeated.
  const processChunk = async (chunk: number[]) => {
    const sources = new Map<number, Buffer>();
    for await (const message of client.fetch(toSequenceSet(chunk), { uid: true, source: true }, { uid: true })) {
      if (message.source) sources.set(message.uid, message.source);
    }
    const reports: number[] = [];
    const junk: number[] = [];
    let outage: unknown;
    const queue = chunk.filter((uid) => sources.has(uid)); // the others were expunged meanwhile
    // Records what became of a message; false when the database is down (stop the chunk).
    const handled = async (uid: number, outcome: { status: string; error?: string } | null, error?: unknown): Promise<boolean> => {
      if (outcome) {
        if (outcome.status === 'failed') {
          junk.push(uid);
          log.warn({ mailbox: plan.label, uid, error: outcome.error }, `no DMARC report in message: ${plan.afterIngest === 'move' ? `moved to ${plan.failedFolder}` : `flagged ${FAILED_KEYWORD}`}`);
        } else {
          reports.push(uid);
        }
        return true;
      }
      if (!(await options.databaseHealthy())) {
        outage ??= error;
        return false;
      }
      stuck.add(uid);
      const message = error instanceof Error ? error.message : String(error);
      totals.stuck.push({ uid, error: message });
      log.error({ mailbox: plan.label, uid, err: error }, 'ingest threw: the message stays in the folder and is retried on the next sync');
      return true;
    };
    const many = options.ingest.many;
    if (many) {
      // The whole chunk at once: small reports are committed several per transaction.
      const inputs = queue.map((uid) => ({ bytes: sources.get(uid)!, name: messageName(plan, uidValidity, uid), source: 'imap' as const, mailboxId: plan.id }));
      sources.clear();
      const results = await many(inputs);
      // Messages of committed batches are settled even when a later batch met an outage.
      for (const [i, uid] of queue.entries()) {
        const r = results[i];
        if ('outcome' in r) await handled(uid, r.outcome);
        else if (outage === undefined) await handled(uid, null, r.error);
      }
    } else {
      // A few messages in flight: ingest is database-bound, and reports of different mails are
      // independent (the pipeline serialises what must be: the same report, the same rollups).
      let next = 0;
      const lane = async () => {
        while (outage === undefined && next < queue.length) {
          const uid = queue[next++];
          const bytes = sources.get(uid)!;
          sources.delete(uid);
          try {
            await handled(uid, await options.ingest({ bytes, name: messageName(plan, uidValidity, uid), source: 'imap', mailboxId: plan.id }));
          } catch (error) {
            if (!(await handled(uid, null, error))) return;
          }
        }
      };
      await Promise.all(Array.from({ length: Math.max(1, Math.min(options.concurrency, queue.length)) }, lane));
    }
    await settle(reports, junk);
    totals.ingested += reports.length;
    totals.failed += junk.length;
    if (outage !== undefined) throw outage;
  };

  const processBatch = async (batch: number[]) => {
    const sizes = new Map<number, number>();
    for await (const message of client.fetch(toSequenceSet(batch), { uid: true, size: true }, { uid: true })) {
      sizes.set(message.uid, message.size ?? 0);
    }
    let chunk: number[] = [];
    let bytes = 0;
    const oversized: number[] = [];
    for (const uid of batch) {
      const size = sizes.get(uid);
      if (size === undefined) continue; // expunged since the SEARCH
      if (size > options.maxMessageBytes) {
        oversized.push(uid);
        const note = `message UID ${uid} (${(size / 2 ** 20).toFixed(1)} MB) is larger than ATLAS_MAX_FILE_BYTES (${(options.maxMessageBytes / 2 ** 20).toFixed(1)} MB): ${plan.afterIngest === 'move' ? `moved to ${plan.failedFolder}` : `flagged ${FAILED_KEYWORD}`} unread`;
        totals.notes.push(note);
        log.error({ mailbox: plan.label, uid, size }, note);
        continue;
      }
      if (chunk.length > 0 && bytes + size > options.batchBytes) {
        await processChunk(chunk);
        chunk = [];
        bytes = 0;
      }
      chunk.push(uid);
      bytes += size;
    }
    if (chunk.length > 0) await processChunk(chunk);
    if (oversized.length > 0) {
      await settle([], oversized);
      totals.failed += oversized.length;
    }
  };

  for (;;) {
    const query = plan.afterIngest === 'flag' ? { uid: `${lastUid + 1}:*`, unKeyword: PROCESSED_KEYWORD, not: { keyword: FAILED_KEYWORD } } : { uid: `${lastUid + 1}:*` };
    const found = await client.search(query, { uid: true });
    if (!found) throw new Error(`SEARCH failed in "${plan.folder}"`);
    // `n:*` always matches the highest UID, even below n: filter by value. Stuck messages wait
    // for the next sync.
    const uids = found.filter((uid) => uid > lastUid && !stuck.has(uid)).sort((a, b) => a - b);
    if (uids.length === 0) break;
    const large = uids.length > options.batchSize;
    if (large) log.info({ mailbox: plan.label, messages: uids.length }, 'reading mailbox backlog');
    for (let i = 0; i < uids.length; i += options.batchSize) {
      if (!options.keepGoing()) return { ...totals, backlog: uids.length - i };
      const batch = uids.slice(i, i + options.batchSize);
      await processBatch(batch);
      // The stored UID is a low-water mark: it never passes a stuck message, so a restart
      // retries that one too.
      const firstStuck = stuck.size > 0 ? Math.min(...stuck) : Infinity;
      lastUid = Math.max(lastUid, Math.min(batch[batch.length - 1], firstStuck - 1));
      totals.backlog = uids.length - i - batch.length + stuck.size;
      await advanceLastUid(plan.id, uidValidity, lastUid, totals.backlog);
      if (large) {
        const done = i + batch.length;
        const perSecond = Math.round((done / Math.max(1, Date.now() - started)) * 1000);
        log.info({ mailbox: plan.label, done, of: uids.length, remaining: uids.length - done, perSecond }, 'mailbox progress');
      }
    }
  }
  totals.backlog = stuck.size;
  if (totals.ingested + totals.failed > 0) {
    log.info({ mailbox: plan.label, ingested: totals.ingested, failed: totals.failed, stuck: stuck.size, ms: Date.now() - started }, 'mailbox read');
  }
  return totals;
}
