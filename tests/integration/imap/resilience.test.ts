import type { ImapFlow } from 'imapflow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prisma } from '../../../lib/platform/db/prisma';
import { useTestDatabase } from '../../helpers/db';
import { dovecotAvailable, startDovecot, type DovecotServer } from '../../helpers/dovecot';
import { startFlakyProxy } from '../../helpers/flaky-proxy';
import { appendAll, folderCount, testImapClient, waitFor } from '../../helpers/imap-client';
import { testPoller } from '../../helpers/imap-poller';
import { junkMail, syntheticReportMail } from '../../helpers/report-mail';

// Crashes and races: whatever happens to connections, servers and workers, every message ends
// up in exactly one place and every report in the database exactly once. Each test uses its
// own report ids, so any duplicate or loss shows in the counts.

async function reportsWithPrefix(prefix: string): Promise<number> {
  return prisma().report.count({ where: { reportId: { startsWith: `${prefix}-` } } });
}

async function mailboxRows(user: string) {
  const mailbox = await prisma().mailbox.findFirstOrThrow({ where: { label: { startsWith: `${user}@` } } });
  return prisma().ingestFile.findMany({ where: { mailboxId: mailbox.id } });
}

async function reports(prefix: string, count: number): Promise<Buffer[]> {
  return Promise.all(Array.from({ length: count }, (_, n) => syntheticReportMail(prefix, n)));
}

describe.skipIf(!dovecotAvailable())('IMAP poller under failure', () => {
  let dovecot: DovecotServer;
  const clients: ImapFlow[] = [];
  const client = async (user: string) => {
    const c = await testImapClient(dovecot, user, 'pw');
    clients.push(c);
    return c;
  };

  beforeAll(async () => {
    await useTestDatabase();
    dovecot = await startDovecot();
    await dovecot.addUsers({ flaky: 'pw', shared: 'pw', restart: 'pw' });
  });
  afterAll(async () => {
    for (const c of clients) await c.logout().catch(() => undefined);
    await dovecot?.stop();
  });

  it('loses and duplicates nothing when the connection is killed mid-fetch 20 times', async () => {
    const mail = await client('flaky');
    await appendAll(mail, 'INBOX', [...(await reports('flaky', 30)), await junkMail(1), await junkMail(2)]);
    const proxy = await startFlakyProxy(dovecot.port);
    // Cut each connection after 0.2–6 KB from the server: during login, SELECT, SEARCH, and
    // mostly inside the FETCH of message bodies (each message is 1–2 KB).
    proxy.dropAfter(20, 200, 6_000);
    const url = dovecot.url('flaky', 'pw').replace(`:${dovecot.port}/`, `:${proxy.port}/`);
    const poller = await testPoller([url], { batchSize: 5, backoffMaxMs: 100 });
    try {
      await waitFor('all messages handled', async () => (await folderCount(mail, 'INBOX')) === 0, 30_000);
      console.log(`kill mid-fetch: ${proxy.kills} connections killed (${proxy.midFetchKills} inside a FETCH), ${proxy.connections} connections`);
      expect(proxy.kills).toBe(20);
      expect(proxy.midFetchKills).toBeGreaterThanOrEqual(5);
      expect(await folderCount(mail, 'DMARC/Processed')).toBe(30);
      expect(await folderCount(mail, 'DMARC/Failed')).toBe(2);
      expect(await reportsWithPrefix('flaky')).toBe(30);
      const rows = await mailboxRows('flaky');
      // Re-reads after a kill between commit and MOVE show up as duplicates, never as new reports.
      expect(rows.filter((r) => r.status === 'ingested' || r.status === 'set_aside')).toHaveLength(30);
      expect(new Set(rows.filter((r) => r.status === 'failed').map((r) => r.name)).size).toBe(2);
      const mailbox = await prisma().mailbox.findFirstOrThrow({ where: { label: { startsWith: 'flaky@' } } });
      expect(mailbox.lastError).toBeTruthy();
    } finally {
      await poller.stop();
      await proxy.close();
    }
  });

  it('two workers on one mailbox process each message once, and the other takes over when the one working it stops', async () => {
    const mail = await client('shared');
    const url = dovecot.url('shared', 'pw');
    const workers = await Promise.all([testPoller([url], { batchSize: 4 }), testPoller([url], { batchSize: 4 })]);
    const running = new Set(workers);
    try {
      await appendAll(mail, 'INBOX', await reports('shared', 20));
      await waitFor('20 messages processed', async () => (await folderCount(mail, 'DMARC/Processed')) === 20);
      let rows = await mailboxRows('shared');
      expect(rows).toHaveLength(20);
      expect(new Set(rows.map((r) => r.name)).size).toBe(20);
      expect(rows.every((r) => r.status !== 'duplicate')).toBe(true);
      const holders = workers.filter((w) => w.owned().length > 0);
      expect(holders).toHaveLength(1);

      await holders[0].stop();
      running.delete(holders[0]);
      await appendAll(mail, 'INBOX', [await syntheticReportMail('shared', 20), await syntheticReportMail('shared', 21)]);
      await waitFor('the other worker takes over', async () => (await folderCount(mail, 'DMARC/Processed')) === 22, 15_000);
      rows = await mailboxRows('shared');
      expect(rows).toHaveLength(22);
      expect(await reportsWithPrefix('shared')).toBe(22);
    } finally {
      for (const w of running) await w.stop();
    }
  });

  it('survives the IMAP server restarting mid-run', async () => {
    const mail = await client('restart');
    await appendAll(mail, 'INBOX', await reports('restart', 40));
    // Slow ingest (60 ms a message) so that the restart lands in the middle of the run.
    const { pipelineIngest } = await import('../../helpers/imap-poller');
    const poller = await testPoller([dovecot.url('restart', 'pw')], {
      batchSize: 5,
      ingest: async (input) => {
        await new Promise((r) => setTimeout(r, 60));
        return pipelineIngest(input);
      },
    });
    try {
      await waitFor('a first part processed', async () => (await prisma().report.count({ where: { reportId: { startsWith: 'restart-' } } })) >= 10);
      await dovecot.restart();
      const fresh = await testImapClient(dovecot, 'restart', 'pw');
      clients.push(fresh);
      await waitFor('all processed after the restart', async () => (await folderCount(fresh, 'DMARC/Processed')) === 40, 30_000);
      expect(await folderCount(fresh, 'INBOX')).toBe(0);
      expect(await reportsWithPrefix('restart')).toBe(40);
      // The drop was recorded, and a successful read after it (written once the sync ends).
      await waitFor('success after the error', async () => {
        const mailbox = await prisma().mailbox.findFirstOrThrow({ where: { label: { startsWith: 'restart@' } } });
        return mailbox.lastErrorAt !== null && mailbox.lastSuccessAt !== null && mailbox.lastSuccessAt > mailbox.lastErrorAt;
      });
    } finally {
      await poller.stop();
    }
  });
});
