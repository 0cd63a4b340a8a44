import { prisma } from '@/lib/platform/db';
import type { LockSession } from '@/lib/mailboxes/imap/advisory-lock';
import { recordError, recordSuccess } from '@/lib/mailboxes/imap/state';
import type { WatchOptions, Watcher } from '@/lib/mailboxes/imap/watch-mailbox';
import { log } from '@/lib/platform/log';
import { describeGraphError } from './describe-graph-error';
import { GraphError } from './graph-error';
import { GraphClient } from './graph-client';
import { resolveFolder } from './graph-folders';
import type { GraphTarget } from './graph-target';
import { syncGraphMailbox } from './sync-graph-mailbox';

export interface GraphWatchOptions extends WatchOptions {
  /** Messages per Graph page (default 50). */
  graphPageSize?: number;
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done);
  });
}

/**
 * Works one Graph mailbox for as long as this worker holds its advisory lock (the same lock
 * space as IMAP mailboxes: one worker per mailbox, whatever its kind): resolve the folders, read
 * the backlog, then poll every interval (Graph's push notifications need a public webhook URL,
 * which a self-hosted worker usually lacks). After a failure: record it in words, release the
 * lock, back off exponentially.
 */
export function watchGraphMailbox(
  mailboxId: number,
  resolveTarget: (id: number) => Promise<GraphTarget | null>,
  locks: LockSession,
  options: GraphWatchOptions,
): Watcher {
  const abort = new AbortController();
  const signal = abort.signal;
  const databaseHealthy = () =>
    prisma()
      .$queryRaw`SELECT 1`.then(() => true)
      .catch(() => false);

  const run = async () => {
    let backoff = options.backoffMinMs;
    let label = `mailbox ${mailboxId}`;
    while (!signal.aborted && locks.alive) {
      const owned = await locks.tryLock(mailboxId).catch(() => false);
      if (!owned) {
        await sleep(options.pollMs, signal);
        continue;
      }
      let failure: unknown;
      let target: GraphTarget | null = null;
      try {
        target = await resolveTarget(mailboxId);
        if (!target) break; // disabled, deleted, or no longer a Graph mailbox
        const { plan } = target;
        label = plan.label;
        const client = new GraphClient({ baseUrl: target.baseUrl, tokens: target.tokens, timeoutMs: options.timeoutMs, signal, label });
        const move = plan.afterIngest === 'move';
        const folders = {
          source: await resolveFolder(client, plan.username, plan.folder, false),
          processed: move ? await resolveFolder(client, plan.username, plan.processedFolder, true) : null,
          failed: move ? await resolveFolder(client, plan.username, plan.failedFolder, true) : null,
        };
        while (!signal.aborted && locks.alive) {
          const result = await syncGraphMailbox(client, plan, folders, {
            batchSize: options.batchSize,
            pageSize: Math.min(options.batchSize, options.graphPageSize ?? 50),
            concurrency: options.concurrency,
            maxMessageBytes: options.maxMessageBytes,
            ingest: options.ingest,
            keepGoing: () => !signal.aborted && locks.alive,
            databaseHealthy,
          });
          if (signal.aborted || !locks.alive) break;
          await recordSuccess(mailboxId, result.backlog);
          const problems = [...result.notes];
          if (result.stuck.length > 0) {
            const [first] = result.stuck;
            problems.push(`${result.stuck.length} message(s) in "${plan.folder}" could not be ingested and will be retried (${first.error})`);
          }
          if (problems.length > 0) await recordError(mailboxId, problems.join('; '));
          backoff = options.backoffMinMs;
          await sleep(options.pollMs, signal);
        }
      } catch (error) {
        failure = error;
      }
      if (failure === undefined || signal.aborted) continue;
      const message = target
        ? describeGraphError(failure, { username: target.plan.username, host: target.plan.host, folder: target.plan.folder, clientId: target.clientId ?? target.tokens.clientId })
        : failure instanceof Error
          ? failure.message
          : String(failure);
      log.warn({ mailbox: label, err: message, retryInMs: backoff }, 'mailbox failed; will retry');
      await recordError(mailboxId, message).catch(() => undefined);
      await locks.unlock(mailboxId);
      // Graph's Retry-After outranks our own backoff: coming back sooner only prolongs the throttling.
      const asked = failure instanceof GraphError ? (failure.retryAfterMs ?? 0) : 0;
      await sleep(Math.max(asked, backoff + Math.floor(Math.random() * backoff * 0.2)), signal);
      backoff = Math.min(backoff * 2, options.backoffMaxMs);
    }
    await locks.unlock(mailboxId);
  };

  const done = run().catch((error: unknown) => log.error({ mailboxId, err: error }, 'mailbox watcher crashed'));
  return {
    done,
    async stop() {
      abort.abort();
      await done;
    },
  };
}
