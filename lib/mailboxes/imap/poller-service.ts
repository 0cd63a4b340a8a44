import { prisma } from '@/lib/platform/db';
import type { WorkerService } from '@/lib/platform/jobs';
import { loadLimits } from '@/lib/ingest';
import { log } from '@/lib/platform/log';
import { loadImapEnv } from '@/lib/mailboxes/config';
import { parseImapUrls, type EnvMailbox } from '@/lib/mailboxes/env-mailboxes';
import { MAILBOX_CONNECTION_SELECT } from '@/lib/mailboxes/mailbox-view';
import { loadGraphTarget } from '@/lib/mailboxes/graph/graph-target';
import { watchGraphMailbox } from '@/lib/mailboxes/graph/watch-graph-mailbox';
import { syncEnvMailboxes } from '@/lib/mailboxes/sync-env-mailboxes';
import { LockSession } from './advisory-lock';
import { defaultIngest } from './default-ingest';
import { loadMailboxTarget, targetFingerprint } from './mailbox-target';
import { watchMailbox, type WatchOptions, type Watcher } from './watch-mailbox';

export interface PollerOptions extends WatchOptions {
  envMailboxes: EnvMailbox[];
  /** How often the mailbox list is re-read (mailboxes added, changed or disabled in the UI). */
  refreshMs: number;
}

export function pollerOptionsFromEnv(): PollerOptions {
  const env = loadImapEnv();
  return {
    envMailboxes: parseImapUrls(env.ATLAS_IMAP_URL),
    pollMs: env.ATLAS_IMAP_POLL_SECONDS * 1000,
    idle: env.ATLAS_IMAP_IDLE === 'on',
    batchSize: env.ATLAS_IMAP_BATCH,
    batchBytes: env.ATLAS_IMAP_BATCH_BYTES,
    concurrency: env.ATLAS_IMAP_CONCURRENCY,
    maxMessageBytes: loadLimits().maxFileBytes,
    backoffMinMs: env.ATLAS_IMAP_BACKOFF_MIN_MS,
    backoffMaxMs: Math.max(env.ATLAS_IMAP_BACKOFF_MIN_MS, env.ATLAS_IMAP_BACKOFF_MAX_MS),
    timeoutMs: env.ATLAS_IMAP_TIMEOUT_MS,
    ingest: defaultIngest,
    refreshMs: Math.min(env.ATLAS_IMAP_POLL_SECONDS * 1000, 30_000),
  };
}

export interface RunningPoller {
  stop(): Promise<void>;
  /** Re-reads the mailbox list now (tests; the UI's changes otherwise land within refreshMs). */
  refresh(): Promise<void>;
  /** Ids of the mailboxes this worker holds (works) right now. */
  owned(): number[];
}

/**
 * Runs one watcher per enabled mailbox. Every worker runs this; the advisory lock per mailbox
 * makes exactly one of them work each mailbox, and the others stand by to take over.
 */
export async function startImapPoller(options: PollerOptions): Promise<RunningPoller> {
  const env = new Map(options.envMailboxes.map((m) => [m.label, m]));
  await syncEnvMailboxes(options.envMailboxes);
  let locks = await LockSession.open();
  const watchers = new Map<number, { fingerprint: string; watcher: Watcher }>();
  let stopped = false;

  const stopWatcher = async (id: number) => {
    const entry = watchers.get(id);
    watchers.delete(id);
    await entry?.watcher.stop();
  };

  const refreshOnce = async () => {
    if (!locks.alive || !(await locks.ping())) {
      await Promise.all([...watchers.keys()].map(stopWatcher));
      await locks.close();
      locks = await LockSession.open();
      log.info('mailbox lock connection re-opened');
    }
    // This worker's env mailboxes whatever their flag (its environment says they are live).
    const rows = await prisma().mailbox.findMany({
      where: { OR: [{ enabled: true, organizationId: { not: null } }, { organizationId: null, label: { in: [...env.keys()] } }] },
      select: MAILBOX_CONNECTION_SELECT,
      orderBy: { id: 'asc' },
    });
    const wanted = new Set<number>();
    for (const row of rows) {
      wanted.add(row.id);
      const fingerprint = targetFingerprint(row, env);
      const current = watchers.get(row.id);
      if (current && current.fingerprint === fingerprint) continue;
      if (current) await stopWatcher(row.id);
      if (stopped) return;
      const watcher =
        row.kind === 'graph' ? watchGraphMailbox(row.id, (id) => loadGraphTarget(id, env), locks, options) : watchMailbox(row.id, (id) => loadMailboxTarget(id, env), locks, options);
      watchers.set(row.id, { fingerprint, watcher });
      // A watcher ends by itself when its mailbox goes away or the lock connection drops.
      void watcher.done.then(() => {
        if (watchers.get(row.id)?.watcher === watcher) watchers.delete(row.id);
      });
    }
    for (const id of [...watchers.keys()]) if (!wanted.has(id)) await stopWatcher(id);
  };

  let running: Promise<void> = Promise.resolve();
  const refresh = () => {
    running = running.then(refreshOnce).catch((error: unknown) => log.warn({ err: error }, 'mailbox list refresh failed'));
    return running;
  };
  await refresh();
  const timer = setInterval(() => void refresh(), options.refreshMs);
  log.info({ mailboxes: watchers.size, fromEnv: options.envMailboxes.length }, 'IMAP poller started');

  return {
    refresh,
    owned: () => locks.heldIds(),
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
      await Promise.all([...watchers.keys()].map(stopWatcher));
      await locks.close();
    },
  };
}

export const imapPollerService: WorkerService = {
  name: 'imap-poller',
  async start() {
    const poller = await startImapPoller(pollerOptionsFromEnv());
    return () => poller.stop();
  },
};
