import { beforeAll, describe, expect, it } from 'vitest';
import { POST as upload } from '../../../app/api/v1/reports/route';
import { syntheticReportXml } from '../../../lib/demo/synthetic';
import { ingestBuffer } from '../../../lib/ingest/pipeline';
import { reprocessInput } from '../../../lib/ingest/reprocess';
import { prisma } from '../../../lib/platform/db/prisma';
import { findIngestFileInScope } from '../../../lib/queries/ingest/find-ingest-file-in-scope';
import { listIngestLog } from '../../../lib/queries/ingest/list-ingest-log';
import { createWorld, type TWorld } from '../../helpers/access-fixtures';
import { useTestDatabase } from '../../helpers/db';

// The ingest log shows an organisation the inputs it handed in (browser uploads, API calls) and
// those of its mailboxes, with every failed part's reason; instance admins also see the
// instance's own inputs (CLI, demo). A signed-in browser uploads with its session.

let world: TWorld;
const begin = Math.floor(Date.now() / 1000) - 2 * 86_400;
const noParams = { params: Promise.resolve({}) };

function sessionUpload(files: { name: string; body: Uint8Array | string }[], headers: Record<string, string>) {
  const form = new FormData();
  for (const f of files) form.append('file', new Blob([typeof f.body === 'string' ? f.body : new Uint8Array(f.body)]), f.name);
  return upload(new Request('http://localhost/api/v1/reports', { method: 'POST', body: form, headers }), noParams);
}

describe('uploads and the ingest log', () => {
  beforeAll(async () => {
    await useTestDatabase();
    world = await createWorld();
  });

  it('takes a signed-in browser’s upload (Fetch Metadata, or an Origin of our own) and refuses a cross-site one', async () => {
    const xml = syntheticReportXml({ records: 2, domain: world.domains.a1.name, reportId: 'log-1', begin });
    const viaMetadata = await sessionUpload([{ name: 'good.xml', body: xml }], { cookie: world.users.adminA.cookie, 'sec-fetch-site': 'same-origin' });
    expect(viaMetadata.status).toBeLessThan(300);
    // Browsers send no Sec-Fetch-* to plain-http origins other than localhost: the Origin decides.
    const viaOrigin = await sessionUpload([{ name: 'broken.xml', body: '<feedback>' }], { cookie: world.users.adminA.cookie, origin: 'http://localhost' });
    expect([200, 207, 422]).toContain(viaOrigin.status);
    const crossSite = await sessionUpload([{ name: 'x.xml', body: xml }], { cookie: world.users.adminA.cookie, 'sec-fetch-site': 'cross-site', origin: 'https://evil.example' });
    expect(crossSite.status).toBe(403);
    const rows = await prisma().ingestFile.findMany({ where: { name: { in: ['upload/good.xml', 'upload/broken.xml'] } }, select: { name: true, source: true, status: true } });
    expect(rows.map((r) => [r.name, r.source, r.status]).sort()).toEqual([
      ['upload/broken.xml', 'upload', 'failed'],
      ['upload/good.xml', 'upload', 'ingested'],
    ]);
  });

  it('lists an organisation’s failed inputs with their reasons, and nobody else’s', async () => {
    await ingestBuffer({ bytes: Buffer.from('not a report at all'), name: 'cli/stray.xml', source: 'cli' });
    const orgA = await listIngestLog({ organizationIds: [world.orgA.id], instanceAdmin: false }, { filter: 'attention', page: 1, perPage: 50 });
    expect(orgA.entries.map((e) => e.name)).toEqual(['upload/broken.xml']);
    expect(orgA.entries[0]!.failures).toEqual([expect.objectContaining({ path: 'upload/broken.xml', error: expect.stringMatching(/.+/) })]);
    const all = await listIngestLog({ organizationIds: [world.orgA.id], instanceAdmin: false }, { filter: 'all', page: 1, perPage: 50 });
    expect(all.entries.map((e) => e.name).sort()).toEqual(['upload/broken.xml', 'upload/good.xml']);
    const orgB = await listIngestLog({ organizationIds: [world.orgB.id], instanceAdmin: false }, { filter: 'all', page: 1, perPage: 50 });
    expect(orgB.entries).toEqual([]);
    // The instance's own inputs (CLI) only for an instance admin.
    const admin = await listIngestLog({ organizationIds: [world.orgB.id], instanceAdmin: true }, { filter: 'failed', page: 1, perPage: 50 });
    expect(admin.entries.map((e) => e.name)).toEqual(['cli/stray.xml']);
  });

  it('lists an upload for a domain the organisation does not own among the failed inputs, never as set aside', async () => {
    const xml = syntheticReportXml({ records: 2, domain: 'unclaimed.example', reportId: 'log-aside', begin });
    const response = await upload(new Request('http://localhost/api/v1/reports?name=aside.xml', { method: 'POST', body: new Uint8Array(xml), headers: { authorization: `Bearer ${world.tokens.ingestA}` } }), noParams);
    expect(response.status).toBeLessThan(500);
    const scope = { organizationIds: [world.orgA.id], instanceAdmin: false };
    expect((await listIngestLog(scope, { filter: 'set_aside', page: 1, perPage: 50 })).entries).toEqual([]);
    const failed = await listIngestLog(scope, { filter: 'failed', page: 1, perPage: 50 });
    expect(failed.entries.map((e) => [e.name, e.source])).toContainEqual(['api/aside.xml', 'api']);
  });

  it('re-processes one input on its own row, only when the caller may see it', async () => {
    const row = await prisma().ingestFile.findFirstOrThrow({ where: { name: 'upload/broken.xml' } });
    expect(await findIngestFileInScope({ organizationIds: [world.orgB.id], instanceAdmin: false }, row.id)).toBeNull();
    expect(await findIngestFileInScope({ organizationIds: [world.orgA.id], instanceAdmin: false }, row.id)).toBe(row.id);
    const again = await reprocessInput(row.id);
    expect(again).toMatchObject({ ingestFileId: row.id, previousStatus: 'failed', outcome: { status: 'failed' } });
    expect((await prisma().ingestFile.findUniqueOrThrow({ where: { id: row.id } })).attempts).toBe(row.attempts + 1);
    expect(await reprocessInput(999_999_999n)).toBeNull();
  });
});
