import { beforeAll, describe, expect, it } from 'vitest';
import { POST } from '../../../app/api/v1/reports/route';
import { ZIngestUploadResponse } from '../../../lib/api/schemas/reports';
import { prisma } from '../../../lib/platform/db/prisma';
import { syntheticReportXml } from '../../../lib/demo/synthetic';
import { ingestBuffer } from '../../../lib/ingest/pipeline';
import { createWorld, type TWorld } from '../../helpers/access-fixtures';
import { useTestDatabase } from '../../helpers/db';
import { gzipSync } from 'node:zlib';

const begin = Math.floor(Date.now() / 1000) - 3 * 86_400;
// Uint8Array views: what fetch's BodyInit and Blob accept (Buffer's types are wider).
const bytes = (b: Uint8Array): Uint8Array<ArrayBuffer> => new Uint8Array(b);
const report = (domain: string, reportId: string) => bytes(syntheticReportXml({ records: 3, domain, reportId, begin }));
const noParams = { params: Promise.resolve({}) };

describe('POST /api/v1/reports', () => {
  let world: TWorld;
  const upload = (body: BodyInit, headers: Record<string, string>) => POST(new Request('http://localhost/api/v1/reports?name=upload.xml', { method: 'POST', body, headers }), noParams);

  beforeAll(async () => {
    await useTestDatabase();
    world = await createWorld();
  });

  it('ingests a raw report for one of the organisation’s domains', async () => {
    const response = await upload(report('a1-alpha.test', 'api-1'), { authorization: `Bearer ${world.tokens.ingestA}`, 'content-type': 'application/xml' });
    expect(response.status).toBe(200);
    const body = ZIngestUploadResponse.parse(await response.json());
    expect(body.files[0]!.reports).toEqual([{ status: 'ingested', report_id: 'api-1', domain: 'a1-alpha.test', id: expect.stringMatching(/^\d+$/), error: null }]);
    const again = ZIngestUploadResponse.parse(await (await upload(report('a1-alpha.test', 'api-1'), { authorization: `Bearer ${world.tokens.ingestA}` })).json());
    expect(again.files[0]!.reports[0]!.status).toBe('duplicate');
  });

  it('refuses reports for domains the organisation does not own, attaches them nowhere, and reveals nothing about them', async () => {
    // Organisation B's report, as its mailbox delivered it.
    const key = { domain: 'b1-beta.test', reportId: 'api-foreign', begin };
    await ingestBuffer({ bytes: syntheticReportXml({ records: 3, ...key }), name: 'b-mailbox.xml', source: 'imap' });
    const before = await prisma().report.findMany({ where: { reportId: 'api-foreign' } });
    expect(before).toHaveLength(1);
    // A's token sends the same key with other (more) figures, and a report for a domain nobody owns.
    const form = new FormData();
    form.append('file', new Blob([bytes(syntheticReportXml({ records: 9, ...key }))]), 'foreign.xml');
    form.append('file', new Blob([bytes(gzipSync(report('unowned.test', 'api-unowned')))]), 'unowned.xml.gz');
    const response = await POST(new Request('http://localhost/api/v1/reports', { method: 'POST', body: form, headers: { authorization: `Bearer ${world.tokens.ingestA}` } }), noParams);
    const body = ZIngestUploadResponse.parse(await response.json());
    expect(body.files.map((f) => [f.file, f.status])).toEqual([['foreign.xml', 'failed'], ['unowned.xml.gz', 'failed']]);
    const [foreign, unowned] = body.files.map((f) => f.reports);
    expect(foreign).toEqual([{ status: 'failed', report_id: null, domain: null, id: null, error: expect.stringContaining('b1-beta.test is not a domain of your organisation') }]);
    // Whether another organisation owns the domain and has the report or nobody does: the same answer.
    const reason = (r: { error: string | null }) => r.error?.slice(r.error.indexOf(': ') + 2);
    expect(unowned.map((r) => ({ ...r, error: reason(r)?.replaceAll('unowned.test', 'b1-beta.test') }))).toEqual(foreign.map((r) => ({ ...r, error: reason(r) })));
    expect(await prisma().report.findMany({ where: { reportId: 'api-foreign' } })).toEqual(before);
    expect(await prisma().report.count({ where: { reportId: 'api-unowned' } })).toBe(0);
  });

  it('reports an unreadable file as failed, keeps the bytes, and audits uploads', async () => {
    const response = await upload('this is not a report', { authorization: `Bearer ${world.tokens.ingestA}` });
    const body = ZIngestUploadResponse.parse(await response.json());
    expect(body.files[0]!.status).toBe('failed');
    expect(body.files[0]!.reports[0]).toMatchObject({ status: 'failed', error: expect.any(String) });
    const audit = await prisma().auditLog.findMany({ where: { action: 'reports.uploaded', organizationId: world.orgA.id } });
    expect(audit.length).toBeGreaterThanOrEqual(3);
    expect(audit.every((a) => a.actorTokenId !== null)).toBe(true);
  });

  it('refuses read tokens, viewers, cross-site session uploads, empty and oversized bodies', async () => {
    expect((await upload(report('a1-alpha.test', 'x'), { authorization: `Bearer ${world.tokens.readA}` })).status).toBe(403);
    expect((await upload(report('a1-alpha.test', 'x'), { cookie: world.users.viewerA.cookie, origin: 'http://localhost' })).status).toBe(403);
    expect((await upload(report('a1-alpha.test', 'x'), { cookie: world.users.ownerA.cookie, origin: 'https://evil.example' })).status).toBe(403);
    expect((await upload(report('a1-alpha.test', 'x'), { cookie: world.users.ownerA.cookie })).status).toBe(403);
    const same = await upload(report('a1-alpha.test', 'session-1'), { cookie: world.users.ownerA.cookie, 'sec-fetch-site': 'same-origin' });
    expect(same.status).toBe(200);
    expect((await upload('', { authorization: `Bearer ${world.tokens.ingestA}` })).status).toBe(400);
    process.env.ATLAS_MAX_FILE_BYTES = '100';
    try {
      const big = await upload('x'.repeat(200), { authorization: `Bearer ${world.tokens.ingestA}`, 'content-length': '200' });
      expect(big.status).toBe(413);
      expect(((await big.json()) as { error: { message: string } }).error.message).toContain('ATLAS_MAX_FILE_BYTES');
    } finally {
      delete process.env.ATLAS_MAX_FILE_BYTES;
    }
  });
});
