import type { ImapFlow } from 'imapflow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prisma } from '../../../lib/platform/db/prisma';
import { createMailbox } from '../../../lib/mailboxes/create-mailbox';
import { listMailboxStatuses } from '../../../lib/queries/mailboxes/list-mailbox-statuses';
import { testMailboxConnection } from '../../../lib/mailboxes/test-mailbox-connection';
import { useTestDatabase } from '../../helpers/db';
import { dovecotAvailable, startDovecot, type DovecotServer } from '../../helpers/dovecot';
import { appendAll, folderCount, testImapClient, waitFor } from '../../helpers/imap-client';
import { testPoller } from '../../helpers/imap-poller';
import { corpusMail, haveCorpus, junkMail, pickCorpus, syntheticReportMail } from '../../helpers/report-mail';

// The poller against a real Dovecot: mail delivered by APPEND, read, ingested by the real
// pipeline into a real Postgres, and moved (or flagged) only afterwards.

async function reportCount(): Promise<number> {
  return prisma().report.count();
}

async function ingestRows(label: string) {
  const mailbox = await prisma().mailbox.findFirstOrThrow({ where: { label: { startsWith: label } } });
  const rows = await prisma().ingestFile.findMany({ where: { mailboxId: mailbox.id }, orderBy: { id: 'asc' } });
  return { mailbox, rows };
}

describe.skipIf(!dovecotAvailable())('IMAP poller against Dovecot', () => {
  let dovecot: DovecotServer;
  const clients: ImapFlow[] = [];
  const client = async (user: string, password: string) => {
    const c = await testImapClient(dovecot, user, password);
    clients.push(c);
    return c;
  };

  beforeAll(async () => {
    await useTestDatabase();
    dovecot = await startDovecot();
    await dovecot.addUsers({ 'rua@example.com': 'p@ss w/rd%', flag: 'pw', 'org-rua': 'org secret', big: 'pw' });
  });
  afterAll(async () => {
    for (const c of clients) await c.logout().catch(() => undefined);
    await dovecot?.stop();
  });

  it.skipIf(!haveCorpus)('ingests real reports of every container kind, sends other mail to the failed folder, and picks up new mail by IDLE', async () => {
    const seen = new Set<string>();
    const files = [...pickCorpus('xml', 3, seen), ...pickCorpus('gzip', 3, seen), ...pickCorpus('zip', 3, seen), ...pickCorpus('eml', 3, seen)];
    expect(files).toHaveLength(12);
    const mail = await client('rua@example.com', 'p@ss w/rd%');
    await appendAll(mail, 'INBOX', [await junkMail(1), ...(await Promise.all(files.map((f) => corpusMail(f.file)))), await junkMail(2)]);

    // A long poll interval: after the first read only IDLE can bring the next message in time.
    const poller = await testPoller([dovecot.url('rua@example.com', 'p@ss w/rd%')], { pollMs: 120_000 });
    try {
      await waitFor('12 reports processed and 2 failed', async () => (await folderCount(mail, 'DMARC/Processed')) === 12 && (await folderCount(mail, 'DMARC/Failed')) === 2);
      expect(await folderCount(mail, 'INBOX')).toBe(0);
      expect(await reportCount()).toBe(12);

      // The messages are moved during the sync; its success is recorded once it returns.
      await waitFor('the sync recorded as a success', async () => (await ingestRows('rua@example.com')).mailbox.lastSuccessAt !== null);
      const { mailbox, rows } = await ingestRows('rua@example.com');
      expect(rows).toHaveLength(14);
      const failed = rows.filter((r) => r.status === 'failed');
      expect(failed).toHaveLength(2);
      for (const row of failed) expect(row.error).toBeTruthy();
      expect(rows.every((r) => r.source === 'imap' && r.name.startsWith('imap://rua%40example.com@127.0.0.1:'))).toBe(true);
      expect(mailbox.uidValidity).not.toBeNull();
      expect(mailbox.lastUid).toBe(14n);
      expect(mailbox.backlog).toBe(0);
      expect(mailbox.lastSuccessAt).not.toBeNull();

      const statuses = await listMailboxStatuses();
      expect(statuses).toContainEqual(expect.objectContaining({ label: mailbox.label, backlog: 0, last_error: null, last_success_at: expect.any(String) }));

      const [next] = pickCorpus('xml', 1, seen);
      const appendedAt = Date.now();
      await mail.append('INBOX', await corpusMail(next.file));
      await waitFor('the new message processed', async () => (await folderCount(mail, 'DMARC/Processed')) === 13, 10_000, 50);
      const latency = Date.now() - appendedAt;
      console.log(`IDLE: new message ingested and moved ${latency} ms after APPEND`);
      expect(latency).toBeLessThan(5_000);
      expect(await reportCount()).toBe(13);
    } finally {
      await poller.stop();
    }
  });

  it('in flag mode leaves messages in place with a keyword and does not read them again', async () => {
    const mail = await client('flag', 'pw');
    await appendAll(mail, 'INBOX', [await syntheticReportMail('flag', 0), await junkMail(3), await syntheticReportMail('flag', 1)]);
    const before = await reportCount();
    const url = `${dovecot.url('flag', 'pw')}?after=flag`;
    let poller = await testPoller([url]);
    try {
      await mail.mailboxOpen('INBOX');
      await waitFor('messages flagged', async () => ((await mail.search({ keyword: '$AtlasProcessed' }, { uid: true })) || []).length === 2);
      expect((await mail.search({ keyword: '$AtlasFailed' }, { uid: true })) || []).toHaveLength(1);
      expect(await folderCount(mail, 'INBOX')).toBe(3);
      expect(await reportCount()).toBe(before + 2);
    } finally {
      await poller.stop();
    }
    // A fresh worker (progress from Postgres) reads nothing twice: once it has finished a whole
    // sync of the folder (its success heartbeat moved on), nothing new was ingested.
    const { mailbox: previous } = await ingestRows('flag@');
    poller = await testPoller([url]);
    try {
      await waitFor('a full sync by the fresh worker', async () => ((await ingestRows('flag@')).mailbox.lastSuccessAt?.getTime() ?? 0) > (previous.lastSuccessAt?.getTime() ?? 0));
      const { rows } = await ingestRows('flag@');
      expect(rows).toHaveLength(3);
    } finally {
      await poller.stop();
    }
  });

  it('does not download a message over the size limit: it goes to the failed folder, named in the status', async () => {
    const mail = await client('big', 'pw');
    const huge = Buffer.concat([await syntheticReportMail('big', 1), Buffer.from(`\r\n${'x'.repeat(200_000)}\r\n`)]);
    await appendAll(mail, 'INBOX', [await syntheticReportMail('big', 0), huge]);
    const poller = await testPoller([dovecot.url('big', 'pw')], { maxMessageBytes: 100_000 });
    try {
      await waitFor('both handled', async () => (await folderCount(mail, 'DMARC/Processed')) === 1 && (await folderCount(mail, 'DMARC/Failed')) === 1);
      const mailbox = await prisma().mailbox.findFirstOrThrow({ where: { label: { startsWith: 'big@' } } });
      await waitFor('status written', async () => Boolean((await prisma().mailbox.findUniqueOrThrow({ where: { id: mailbox.id } })).lastError));
      const { lastError } = await prisma().mailbox.findUniqueOrThrow({ where: { id: mailbox.id } });
      expect(lastError).toMatch(/UID 2 .* larger than ATLAS_MAX_FILE_BYTES/);
    } finally {
      await poller.stop();
    }
  });

  it('reads a mailbox added by an organisation with its password encrypted at rest', async () => {
    const org = await prisma().organization.create({ data: { name: 'Mail Org', slug: 'mail-org' } });
    const input = { label: 'Reports', host: dovecot.host, port: dovecot.port, tls: false, username: 'org-rua', authType: 'password' as const, secret: 'org secret' };

    const savedKey = process.env.ATLAS_ENCRYPTION_KEY;
    delete process.env.ATLAS_ENCRYPTION_KEY;
    await expect(createMailbox(org.id, input)).rejects.toThrow(/ATLAS_ENCRYPTION_KEY is not set/);
    process.env.ATLAS_ENCRYPTION_KEY = Buffer.alloc(32, 9).toString('base64');
    try {
      expect(await testMailboxConnection(org.id, { ...input, port: 1 })).toMatchObject({ ok: false, message: expect.stringMatching(/Connection refused/) });
      expect(await testMailboxConnection(org.id, { ...input, folder: 'Nope' })).toMatchObject({ ok: false, message: expect.stringMatching(/folder "Nope" does not exist/) });
      expect(await testMailboxConnection(org.id, input)).toMatchObject({ ok: true, idle: true, missingFolders: ['DMARC/Processed', 'DMARC/Failed'] });

      const created = await createMailbox(org.id, input);
      await expect(createMailbox(org.id, input)).rejects.toThrow(/already exists/);
      const row = await prisma().mailbox.findUniqueOrThrow({ where: { id: created.id } });
      expect(row.secretEnc).toMatch(/^v1\./);
      expect(row.secretEnc).not.toContain('org secret');
      // The stored secret serves the test button when the form leaves the password empty.
      expect(await testMailboxConnection(org.id, { ...input, secret: '', mailboxId: created.id })).toMatchObject({ ok: true });

      const mail = await client('org-rua', 'org secret');
      await mail.append('INBOX', await syntheticReportMail('org', 0));
      // A worker without ATLAS_IMAP_URL: reads the organisation's mailbox, leaves env mailboxes
      // that other workers serve alone.
      const poller = await testPoller([]);
      try {
        await waitFor('the organisation mailbox read', async () => (await folderCount(mail, 'DMARC/Processed')) === 1);
        expect(await prisma().mailbox.count({ where: { organizationId: null, enabled: false } })).toBe(0);
      } finally {
        await poller.stop();
      }
      const rows = await prisma().ingestFile.findMany({ where: { mailboxId: created.id } });
      expect(rows.map((r) => r.status)).not.toContain('failed');
      expect(rows).toHaveLength(1);
      // Last: Dovecot delays the next login from an address after a failed one by seconds.
      expect(await testMailboxConnection(org.id, { ...input, secret: 'wrong' })).toMatchObject({ ok: false, message: expect.stringMatching(/Authentication failed for org-rua/) });
    } finally {
      if (savedKey === undefined) delete process.env.ATLAS_ENCRYPTION_KEY;
      else process.env.ATLAS_ENCRYPTION_KEY = savedKey;
    }
  });
});
