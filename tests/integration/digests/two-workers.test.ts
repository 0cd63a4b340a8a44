import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIGEST_SEND_QUEUE } from '../../../lib/digests';
import { prisma } from '../../../lib/platform/db/prisma';
import { runWorker, type RunningWorker } from '../../../lib/worker';
import { createUserWithRole } from '../../helpers/access-fixtures';
import { useTestDatabase } from '../../helpers/db';
import { ingestReports } from '../../helpers/dmarc-report';
import { waitFor } from '../../helpers/imap-client';
import { startSmtpSink } from '../../helpers/smtp-sink';

// Two worker processes' job runners on one database (pg-boss), each asked to send every
// user's digest for the same week: every user gets exactly one.

const env = { ...process.env };
let sink: Awaited<ReturnType<typeof startSmtpSink>>;
const workers: RunningWorker[] = [];
const emails = ['a@acme.test', 'b@acme.test', 'c@acme.test'];

beforeAll(async () => {
  await useTestDatabase();
  sink = await startSmtpSink();
  Object.assign(process.env, { ATLAS_SMTP_URL: sink.url, ATLAS_URL: 'https://atlas.example.test', AUTH_SECRET: 'two-workers-secret-0123456789abcdef01234', ATLAS_LOG_LEVEL: 'warn' });
  const org = await prisma().organization.create({ data: { name: 'Acme', slug: 'acme' } });
  await prisma().domain.create({ data: { name: 'acme.test', organizationId: org.id } });
  for (const email of emails) await createUserWithRole(email, org.id, 'viewer', [(await prisma().domain.findFirstOrThrow()).id]);
  await ingestReports([{ domain: 'acme.test', day: '2026-05-05', reporter: 'google.com', records: [{ ip: '192.0.2.10', count: 42, dkim: 'pass', spf: 'pass' }] }]);
  workers.push(await runWorker(), await runWorker());
});

afterAll(async () => {
  for (const w of workers) await w.stop();
  await sink?.close();
  process.env = env;
});

describe('two workers', () => {
  it('send each user’s digest once, though both queue it (twice each)', async () => {
    const users = await prisma().user.findMany({ orderBy: { id: 'asc' } });
    // Distinct singleton keys, so that pg-boss's own de-duplication does not hide the duplicates:
    // what keeps them apart here is the (user, week) claim.
    for (const [i, worker] of workers.entries()) {
      for (const user of users) {
        for (const copy of [0, 1]) expect(await worker.send(DIGEST_SEND_QUEUE, { userId: user.id, asOf: '2026-05-11' }, { singletonKey: `${user.id}:w${i}:${copy}` })).toBeTruthy();
      }
    }
    await waitFor(
      'every digest job to finish',
      async () => {
        const [{ open }] = await prisma().$queryRaw<{ open: number }[]>`SELECT count(*)::int AS open FROM pgboss.job WHERE name = ${DIGEST_SEND_QUEUE} AND state IN ('created', 'retry', 'active')`;
        return open === 0;
      },
      120_000,
      200,
    );
    const [{ completed }] = await prisma().$queryRaw<{ completed: number }[]>`
      SELECT count(*)::int AS completed FROM (SELECT state FROM pgboss.job WHERE name = ${DIGEST_SEND_QUEUE} UNION ALL SELECT state FROM pgboss.archive WHERE name = ${DIGEST_SEND_QUEUE}) j WHERE state = 'completed'`;
    expect(completed).toBe(12);
    for (const email of emails) expect(sink.mails.filter((m) => m.to.includes(email))).toHaveLength(1);
    expect(sink.mails).toHaveLength(3);
    const rows = await prisma().digestDelivery.findMany();
    expect(rows.map((r) => [r.status, r.weekStart.toISOString().slice(0, 10)])).toEqual(Array(3).fill(['sent', '2026-05-04']));
  });
});
