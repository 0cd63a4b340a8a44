import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prisma } from '../../../lib/platform/db/prisma';
import { useTestDatabase } from '../../helpers/db';
import { startGraphServer, type GraphMessageInput, type GraphServer } from '../../helpers/graph-server';
import { waitFor } from '../../helpers/imap-client';
import { testPoller } from '../../helpers/imap-poller';
import { startTokenServer, type TokenServer } from '../../helpers/oauth-token-server';
import { junkMail, reportMail } from '../../helpers/report-mail';
import { makeCertificate, removeCertificate, trustInThisProcess, type TestCertificate } from '../../helpers/test-tls';
import { reportXml } from '../../unit/fixtures/reports';
import { makeZip } from '../../unit/fixtures/zip-writer';

// Microsoft Graph as a mailbox source, against a loopback server that answers the Graph
// endpoints the source calls with their documented shapes, and an app-only token from msal-node
// (loopback Entra ID). Same guarantees as IMAP: a message leaves the folder only after its
// reports are committed, and every report is stored once — across server-driven paging,
// throttling and connections killed mid-backlog.

const enc = encodeURIComponent;

async function reportsWithPrefix(prefix: string): Promise<string[]> {
  const rows = await prisma().report.findMany({ where: { reportId: { startsWith: `${prefix}-` } }, select: { reportId: true } });
  return rows.map((r) => r.reportId);
}

/** A report (its own id) as a reporter attaches it: .xml, .xml.gz or .zip, in rotation. */
function reportFile(prefix: string, n: number): { name: string; contentType: string; bytes: Buffer } {
  const xml = Buffer.from(reportXml([{ ip: `198.51.100.${(n % 250) + 1}`, count: String(n + 1) }], { reportId: `${prefix}-${n}` }));
  const name = `reporter.example!example.com!1700000000!1700086399!${prefix}-${n}`;
  if (n % 3 === 0) return { name: `${name}.xml`, contentType: 'text/xml', bytes: xml };
  if (n % 3 === 1) return { name: `${name}.xml.gz`, contentType: 'application/gzip', bytes: gzipSync(xml) };
  return { name: `${name}.zip`, contentType: 'application/zip', bytes: makeZip([{ name: `${name}.xml`, data: xml }]) };
}

/** The report mail as Graph shows it: its file attachment, and the whole MIME. */
async function fileReport(prefix: string, n: number): Promise<GraphMessageInput> {
  const file = reportFile(prefix, n);
  return { subject: `Report ${prefix}-${n}`, attachments: [{ kind: 'file', ...file }], mime: await reportMail(file.name, file.bytes) };
}

/** A forwarded report: the original mail attached as an item (Graph's itemAttachment; .eml via $value). */
async function itemReport(prefix: string, n: number): Promise<GraphMessageInput> {
  const file = reportFile(prefix, n);
  const inner = await reportMail(file.name, file.bytes);
  return { subject: `Fw: Report ${prefix}-${n}`, attachments: [{ kind: 'item', name: `Report ${prefix}-${n}`, contentType: 'message/rfc822', bytes: inner }], mime: inner };
}

/** A single-part mail whose body is the gzipped report: no attachment in Graph's eyes. */
function bodyReport(prefix: string, n: number): GraphMessageInput {
  const file = reportFile(prefix, 1 + 3 * n); // a .xml.gz
  const mime = Buffer.from(
    [
      'From: dmarc@reporter.example',
      'To: rua@contoso.test',
      `Subject: Report ${prefix}-${1 + 3 * n}`,
      'MIME-Version: 1.0',
      `Content-Type: application/gzip; name="${file.name}"`,
      'Content-Transfer-Encoding: base64',
      '',
      file.bytes.toString('base64').replace(/.{76}/g, '$&\r\n'),
      '',
    ].join('\r\n'),
  );
  return { subject: `Report ${prefix}-${1 + 3 * n}`, attachments: [], mime };
}

/** A logo inline in the body beside the zipped report. */
async function reportWithLogo(prefix: string, n: number): Promise<GraphMessageInput> {
  const message = await fileReport(prefix, n);
  return { ...message, attachments: [{ kind: 'file', name: 'logo.png', contentType: 'image/png', bytes: Buffer.from('89504e470d0a1a0a', 'hex'), isInline: true }, ...message.attachments] };
}

describe('Microsoft Graph mailbox source', () => {
  let certificate: TestCertificate;
  let tokens: TokenServer;
  let graph: GraphServer;
  const graphUrl = (user: string, clientId: string, query = '') =>
    `graph://${enc(user)}@${graph.host}:${graph.port}/Inbox?tenant=contoso&client_id=${clientId}&client_secret=graph-secret&authority=${enc(tokens.authority)}${query}`;

  beforeAll(async () => {
    await useTestDatabase();
    certificate = makeCertificate();
    trustInThisProcess(certificate.cert);
    tokens = await startTokenServer(certificate);
    graph = await startGraphServer(certificate, tokens);
    tokens.addClient({ tenant: 'contoso', clientId: 'graph-app', secret: 'graph-secret', mailboxes: ['rua@contoso.test', 'shared@contoso.test', 'flag@contoso.test'] });
    tokens.addClient({ tenant: 'contoso', clientId: 'graph-unconsented', secret: 'graph-secret', mailboxes: [] });
    for (const user of ['rua@contoso.test', 'shared@contoso.test', 'flag@contoso.test']) graph.addMailbox(user);
  });
  afterAll(async () => {
    await graph?.close();
    await tokens?.close();
    removeCertificate(certificate);
  });

  it('reads a large backlog through paging, attachments and MIME, throttled and cut off: every report once', { timeout: 120_000 }, async () => {
    const user = 'rua@contoso.test';
    const messages: GraphMessageInput[] = [];
    for (let n = 0; n < 60; n++) messages.push(n % 15 === 5 ? await reportWithLogo('graph', n) : await fileReport('graph', n));
    for (let n = 60; n < 64; n++) messages.push(await itemReport('graph', n));
    for (let n = 0; n < 3; n++) messages.push(bodyReport('graphbody', n));
    const junk = [await junkMail(1), await junkMail(2)].map((mime, i) => ({ subject: `Hello ${i}`, attachments: [], mime }));
    const pdf = await junkMail(3);
    messages.push(...junk, { subject: 'Invoice', attachments: [{ kind: 'file', name: 'invoice.pdf', contentType: 'application/pdf', bytes: Buffer.from('%PDF-1.4 not a report') }], mime: pdf });
    graph.deliver(user, messages);

    graph.throttleNext(3);
    const poller = await testPoller([graphUrl(user, 'graph-app')], { batchSize: 10 });
    try {
      await waitFor('20 reports stored', async () => (await reportsWithPrefix('graph')).length >= 20, 60_000);
      // Mid-backlog: connections die halfway through answers (pages, attachments, MIME)…
      graph.killNext(4, (method) => method === 'GET');
      // Waits on the faults themselves, not on a report count: batched ingest may finish the
      // backlog before a count is seen, and the poller's next rounds still meet the faults.
      await waitFor('four answers cut off', async () => graph.stats.killed === 4, 60_000);
      // …and Graph throttles again.
      graph.throttleNext(2);
      await waitFor('two more requests throttled', async () => graph.stats.throttled === 5, 60_000);
      await waitFor('the inbox emptied', async () => graph.count(user, 'Inbox') === 0, 90_000);
      // The round that emptied it records its success once it ends, just after its last move.
      const mailbox = { label: { startsWith: `${user}@` } };
      await waitFor('the round recorded', async () => {
        const m = await prisma().mailbox.findFirstOrThrow({ where: mailbox });
        return m.lastSuccessAt !== null && m.backlog === 0;
      }, 30_000);

      const ids = await reportsWithPrefix('graph');
      expect(ids).toHaveLength(64);
      expect(new Set(ids).size).toBe(64);
      expect(await reportsWithPrefix('graphbody')).toHaveLength(3);
      expect(graph.count(user, 'DMARC/Processed')).toBe(67);
      expect(graph.count(user, 'DMARC/Failed')).toBe(3);
      expect(graph.stats.throttled).toBe(5);
      expect(graph.stats.killed).toBe(4);
      expect(graph.stats.nextLinksFollowed).toBeGreaterThan(0); // pages of 7 under a $top of 10
      expect(graph.stats.attachmentReads).toBeGreaterThanOrEqual(64);
      expect(graph.stats.valueReads).toBeGreaterThanOrEqual(6); // the body-only reports and the junk

      const row = await prisma().mailbox.findFirstOrThrow({ where: mailbox });
      expect(row).toMatchObject({ kind: 'graph', backlog: 0, host: '127.0.0.1', port: graph.port });
      expect(row.oauth).toMatchObject({ flow: 'microsoft', tenantId: 'contoso', clientId: 'graph-app' });
      expect(row.tokenExpiresAt).not.toBeNull();
      expect(row.lastSuccessAt).not.toBeNull();
      const files = await prisma().ingestFile.findMany({ where: { mailboxId: row.id }, select: { source: true, name: true, status: true } });
      expect(new Set(files.map((f) => f.source))).toEqual(new Set(['graph']));
      expect(files.find((f) => f.name.endsWith('.eml') && f.status === 'failed')?.name).toMatch(/^graph:\/\/rua%40contoso\.test@127\.0\.0\.1:\d+\/Inbox\/messages\//);
    } finally {
      await poller.stop();
    }
  });

  it('lets two workers share a mailbox: one reads it, each report once', async () => {
    const user = 'shared@contoso.test';
    graph.deliver(user, await Promise.all(Array.from({ length: 25 }, (_, n) => fileReport('gshared', n))));
    const url = graphUrl(user, 'graph-app');
    const [a, b] = await Promise.all([testPoller([url]), testPoller([url])]);
    try {
      await waitFor('the shared inbox emptied', async () => graph.count(user, 'Inbox') === 0, 60_000);
      expect(await reportsWithPrefix('gshared')).toHaveLength(25);
      expect(graph.count(user, 'DMARC/Processed')).toBe(25);
      expect(a.owned().length + b.owned().length).toBe(1);
    } finally {
      await Promise.all([a.stop(), b.stop()]);
    }
  });

  it('in flag mode leaves messages in place with a category and keeps its place by receivedDateTime', async () => {
    const user = 'flag@contoso.test';
    graph.deliver(user, await Promise.all(Array.from({ length: 12 }, (_, n) => fileReport('gflag', n))));
    graph.deliver(user, [{ subject: 'Hello', attachments: [], mime: await junkMail(9) }]);
    const url = graphUrl(user, 'graph-app', '&after=flag');
    let poller = await testPoller([url], { batchSize: 5 });
    const row = () => prisma().mailbox.findFirstOrThrow({ where: { label: { startsWith: `${user}@` } } });
    try {
      await waitFor('12 reports', async () => (await reportsWithPrefix('gflag')).length === 12, 30_000);
      await waitFor('every message categorised', async () => graph.categoriesOf(user).every((c) => c.length === 1), 30_000);
    } finally {
      await poller.stop();
    }
    expect(graph.count(user, 'Inbox')).toBe(13);
    expect(graph.categoriesOf(user).flat().sort()).toEqual([...Array(12).fill('DMARC Atlas: processed'), 'DMARC Atlas: failed'].sort());
    const cursor = (await row()).cursor;
    expect(cursor).toMatch(/^\d{4}-\d\d-\d\dT/);

    // A new worker starts from the stored place and reads only what arrived since.
    graph.deliver(user, [await fileReport('gflag', 12)]);
    const pagesBefore = graph.stats.pages;
    poller = await testPoller([url], { batchSize: 5 });
    try {
      await waitFor('the new report', async () => (await reportsWithPrefix('gflag')).length === 13, 30_000);
    } finally {
      await poller.stop();
    }
    expect(graph.stats.pages - pagesBefore).toBeGreaterThan(0);
    expect((await row()).cursor! > cursor!).toBe(true);
    expect(await reportsWithPrefix('gflag')).toHaveLength(13);
  });

  it('says what is missing when the app may not read the mailbox', async () => {
    const user = 'rua@contoso.test';
    const poller = await testPoller([graphUrl(user, 'graph-unconsented', '&label=unconsented')], { backoffMinMs: 120_000, backoffMaxMs: 120_000 });
    try {
      const error = async () => (await prisma().mailbox.findFirstOrThrow({ where: { label: 'unconsented' } })).lastError ?? '';
      await waitFor('the error recorded', async () => (await error()) !== '', 30_000);
      expect(await error()).toMatch(/Microsoft Graph refused the app's token for rua@contoso\.test.*Mail\.ReadWrite.*admin consent/);
      expect(await error()).not.toContain('graph-secret');
    } finally {
      await poller.stop();
    }
  });
});
