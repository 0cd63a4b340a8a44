import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { prisma } from '../../../lib/platform/db/prisma';
import { log } from '../../../lib/platform/log/log';
import { useTestDatabase } from '../../helpers/db';
import { dovecotAvailable, startDovecot, type DovecotServer } from '../../helpers/dovecot';
import { folderCount, testImapClient, waitFor } from '../../helpers/imap-client';
import { testPoller } from '../../helpers/imap-poller';
import { syntheticReportMail } from '../../helpers/report-mail';

// A first run over a mailbox full of old reports: progress in the log, memory flat (one batch
// at a time), and it completes. 1,000 messages by default to keep the suite quick;
// ATLAS_TEST_IMAP_BACKLOG=10000 for the full-size run.
const MESSAGES = Number(process.env.ATLAS_TEST_IMAP_BACKLOG ?? 1_000);

describe.skipIf(!dovecotAvailable())('IMAP poller on a large backlog', () => {
  let dovecot: DovecotServer;

  beforeAll(async () => {
    await useTestDatabase();
    dovecot = await startDovecot();
    await dovecot.addUsers({ backlog: 'pw' });
  });
  afterAll(async () => dovecot?.stop());

  it(`reads ${MESSAGES} old messages in batches, logging progress`, { timeout: 30_000 + MESSAGES * 30 }, async () => {
    const mails: Buffer[] = [];
    for (let n = 0; n < MESSAGES; n++) mails.push(await syntheticReportMail('backlog', n));
    dovecot.deliver('backlog', mails);
    mails.length = 0;

    const progress: Array<{ done: number; of: number }> = [];
    const info = vi.spyOn(log, 'info');
    let peakRss = 0;
    const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 100);
    const started = Date.now();
    const poller = await testPoller([dovecot.url('backlog', 'pw')], { batchSize: 100, pollMs: 60_000 });
    try {
      const progressLines = () =>
        (info.mock.calls as Array<[{ done?: number; of?: number }, string]>)
          .filter(([, message]) => message === 'mailbox progress')
          .map(([fields]) => ({ done: fields.done!, of: fields.of! }));
      // The last batch's reports are committed before its progress line is logged: wait for both.
      await waitFor(
        'backlog read',
        async () =>
          (await prisma().report.count({ where: { reportId: { startsWith: 'backlog-' } } })) === MESSAGES &&
          progressLines().some((p) => p.done === MESSAGES),
        MESSAGES * 20,
        250,
      );
      const seconds = (Date.now() - started) / 1000;
      progress.push(...progressLines());
      console.log(`backlog: ${MESSAGES} messages in ${seconds.toFixed(1)} s (${Math.round(MESSAGES / seconds)}/s), ${progress.length} progress lines, peak RSS ${Math.round(peakRss / 2 ** 20)} MB`);
      expect(progress.length).toBeGreaterThanOrEqual(Math.floor(MESSAGES / 100) - 1);
      expect(progress.at(-1)).toEqual({ done: MESSAGES, of: MESSAGES });
      const mail = await testImapClient(dovecot, 'backlog', 'pw');
      await waitFor('inbox emptied', async () => (await folderCount(mail, 'INBOX')) === 0, 10_000);
      expect(await folderCount(mail, 'DMARC/Processed')).toBe(MESSAGES);
      await mail.logout();
      const mailbox = await prisma().mailbox.findFirstOrThrow({ where: { label: { startsWith: 'backlog@' } } });
      expect(mailbox.backlog).toBe(0);
    } finally {
      clearInterval(sampler);
      info.mockRestore();
      await poller.stop();
    }
  });
});
