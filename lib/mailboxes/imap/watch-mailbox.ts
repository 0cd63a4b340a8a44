import type { ImapFlow } from 'imapflow';
import { prisma } from '@/lib/platform/db';
import { log } from '@/lib/platform/log';
import type { LockSession } from './advisory-lock';
import { closeImap, connectImap, type ImapEndpoint } from './connect';
import { describeImapError } from './describe-error';
import { ensureFolders } from './folders';
import { recordError, recordSuccess } from './state';
import { syncMailbox } from './sync-mailbox';
import type { IngestMessage, MailboxPlan } from './types';

export interface WatchOptions {
  pollMs: number;
  idle: boolean;
  batchSize: number;
  batchBytes: number;
  concurrency: number;
  maxMessageBytes: number;
  backoffMinMs: number;
  backoffMaxMs: number;
  timeoutMs: number;
  ingest: IngestMessage;
}

export interface MailboxTarget {
  plan: MailboxPlan;
  endpoint: ImapEndpoint;
}

export interface Watcher {
  stop(): Promise<void>;
  /** Settles when the loop has ended (stopped, mailbox gone, or lock connection lost). */
  done: Promise<void>;
}

// Servers drop IDLE after ~30 minutes (RFC 2177 asks clients to renew within 29).
const MAX_IDLE_MS = 25 * 60_000;

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
 * Waits for news in the selected folder: IDLE where the server has it (an EXISTS wakes us),
 * otherwise the poll interval. Either way the interval bounds the wait, so a server that
 * misses a notification delays a message by at most one interval.
 */
function waitForChange(client: ImapFlow, ms: number, useIdle: boolean, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    let settled = false;
    const finish = () => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      client.off('exists', finish);
      client.off('close', finish);
      signal.removeEventListener('abort', finish);
      resolve();
    };
    const idling = useIdle && client.capabilities.has('IDLE');
    const timer = setTimeout(finish, idling ? Math.min(ms, MAX_IDLE_MS) : ms);
    client.on('exists', finish);
    client.once('close', finish);
    signal.addEventListener('abort', finish);
    // The next command (the sync's NOOP, or LOGOUT) ends the IDLE; a failed IDLE leaves the timer.
    if (idling) client.idle().catch(finish);
  });
}

/**
 * Works one mailbox for as long as this worker holds its advisory lock: connect, read the
 * backlog, then IDLE/poll and read again; after any failure, disconnect, record the error,
 * release the lock (another worker may do better) and retry with exponential backoff.
 */
export function watchMailbox(
  mailboxId: number,
  resolveTarget: (id: number) => Promise<MailboxTarget | null>,
  locks: LockSession,
  options: WatchOptions,
): Watcher {
  const abort = new AbortController();
  const signal = abort.signal;
  // Distinguishes a database outage (stop, retry later) from a message the pipeline cannot
  // take (leave it, go on with the others).
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
      let client: ImapFlow | undefined;
      let failure: unknown;
      let target: MailboxTarget | null = null;
      try {
        target = await resolveTarget(mailboxId);
        if (!target) break; // disabled or deleted meanwhile
        const { plan, endpoint } = target;
        label = plan.label;
        // OAuth2: a session ends (and the next one signs in with a fresh token) before its token
        // expires — Exchange Online drops sessions whose token has expired, mid-FETCH if need be.
        const tokenFresh = () => !endpoint.tokens || endpoint.tokens.remainingMs() > 0;
        client = await connectImap(endpoint, { timeoutMs: options.timeoutMs, maxMessageBytes: options.maxMessageBytes });
        const connection = client;
        // Set by every EXISTS, also those that arrive while a sync is busy; cleared before each
        // sync's SEARCH, so a message landing between that SEARCH and the IDLE is not missed.
        let dirty = true;
        connection.on('exists', (event: { count: number; prevCount: number }) => {
          if (event.count > event.prevCount) dirty = true;
        });
        if (plan.afterIngest === 'move') await ensureFolders(connection, [plan.processedFolder, plan.failedFolder]);
        log.debug({ mailbox: label }, 'mailbox connected');
        // A token endpoint whose tokens expire at once would make this a reconnect loop: fail instead.
        if (!tokenFresh()) throw new Error('The token endpoint issued a token that expires at once (check its expires_in and this server\'s clock).');
        while (!signal.aborted && locks.alive && connection.usable && tokenFresh()) {
          dirty = false;
          const result = await syncMailbox(connection, plan, {
            batchSize: options.batchSize,
            batchBytes: options.batchBytes,
            concurrency: options.concurrency,
            maxMessageBytes: options.maxMessageBytes,
            ingest: options.ingest,
            keepGoing: () => !signal.aborted && locks.alive && tokenFresh(),
            databaseHealthy,
          });
          if (signal.aborted || !locks.alive) break;
          await recordSuccess(mailboxId, result.backlog);
          const problems = [...result.notes];
          if (result.stuck.length > 0) {
            const [first] = result.stuck;
            problems.push(`${result.stuck.length} message(s) in "${plan.folder}" could not be ingested and will be retried (UID ${first.uid}: ${first.error})`);
          }
          if (problems.length > 0) await recordError(mailboxId, problems.join('; '));
          backoff = options.backoffMinMs;
          const waitMs = endpoint.tokens ? Math.min(options.pollMs, endpoint.tokens.remainingMs()) : options.pollMs;
          if (!dirty && waitMs > 0) await waitForChange(connection, waitMs, options.idle, signal);
        }
        if (!signal.aborted && locks.alive && !connection.usable) {
          failure = Object.assign(new Error('connection closed'), { code: 'NoConnection' });
        }
      } catch (error) {
        failure = error;
      } finally {
        await closeImap(client);
      }
      if (failure === undefined || signal.aborted) continue;
      const tokens = target?.endpoint.tokens;
      const oauth = tokens?.flow ?? (target?.endpoint.authType === 'oauth2' ? ('token' as const) : undefined);
      const where = target ? { host: target.plan.host, port: target.plan.port, username: target.plan.username, folder: target.plan.folder, oauth, clientId: tokens?.clientId } : { host: '?', port: 0 };
      const message = target ? describeImapError(failure, where) : failure instanceof Error ? failure.message : String(failure);
      log.warn({ mailbox: label, err: message, retryInMs: backoff }, 'mailbox failed; will retry');
      await recordError(mailboxId, message).catch(() => undefined);
      await locks.unlock(mailboxId);
      // Jitter: workers that lost the same server do not come back in lockstep.
      await sleep(backoff + Math.floor(Math.random() * backoff * 0.2), signal);
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
