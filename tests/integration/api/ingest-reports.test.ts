import { beforeAll, describe, expect, it } from 'vitest';
import { POST } from '../../../app/api/v1/reports/route';
import { ZIngestUploadResponse } from '../../../lib/api/schemas/reports';
import { prisma } from '../../../lib/platform/db/prisma';
import { syntheticReportXml } from '../../../lib/demo/synthetic';
import { ingestBuffer } from '../../../lib/ingest/pipeline';
import { loadLimits } from '../../../lib/ingest/limits';
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
    // Nothing was stored: a script that checks only the status code sees it.
    expect(response.status).toBe(422);
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

  it('answers 207 when some files were stored and others refused, each file saying which', async () => {
    const form = new FormData();
    form.append('file', new Blob([bytes(report('a1-alpha.test', 'api-mixed-ok'))]), 'ours.xml');
    form.append('file', new Blob([bytes(Buffer.from('not a report at all'))]), 'junk.xml');
    const response = await POST(new Request('http://localhost/api/v1/reports', { method: 'POST', body: form, headers: { authorization: `Bearer ${world.tokens.ingestA}` } }), noParams);
    expect(response.status).toBe(207);
    const body = ZIngestUploadResponse.parse(await response.json());
    expect(body.files.map((f) => [f.file, f.status])).toEqual([['ours.xml', 'ingested'], ['junk.xml', 'failed']]);
  });

  it('reports an unreadable file as failed, keeps the bytes, and audits uploads', async () => {
    const response = await upload('this is not a report', { authorization: `Bearer ${world.tokens.ingestA}` });
    expect(response.status).toBe(422);
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

  describe('ATLAS_MAX_FILE_BYTES', () => {
    const ingestA = () => ({ authorization: `Bearer ${world.tokens.ingestA}` });
    const withLimit = async <T>(value: string, run: () => Promise<T>): Promise<T> => {
      process.env.ATLAS_MAX_FILE_BYTES = value;
      try {
        return await run();
      } finally {
        delete process.env.ATLAS_MAX_FILE_BYTES;
      }
    };

    /** A chunked body (no Content-Length) of `count` chunks of `size` bytes; `pulled()` tells how many were read. */
    function chunkedBody(payload: Uint8Array, size: number) {
      let sent = 0;
      const stream = new ReadableStream<Uint8Array>({
        pull(controller) {
          if (sent >= payload.length) return controller.close();
          controller.enqueue(payload.slice(sent, sent + size));
          sent += size;
        },
      });
      return { stream, read: () => Math.min(sent, payload.length) };
    }
    const chunkedUpload = (stream: ReadableStream<Uint8Array>, headers: Record<string, string>) =>
      POST(new Request('http://localhost/api/v1/reports?name=chunked.xml', { method: 'POST', body: stream, headers: { ...ingestA(), ...headers }, duplex: 'half' } as RequestInit), noParams);

    it('takes units as the ingest limits do: 1GB is a gigabyte, 1KB a kilobyte', async () => {
      const declared = String(512 * 1024 * 1024);
      const large = await withLimit('1GB', () => upload(report('a1-alpha.test', 'limit-1gb'), { ...ingestA(), 'content-length': declared }));
      expect(large.status).toBe(200);
      const small = await withLimit('1KB', () => upload(bytes(Buffer.alloc(1500, 'x')), ingestA()));
      expect(small.status).toBe(413);
      expect(((await small.json()) as { error: { message: string } }).error.message).toContain('ATLAS_MAX_FILE_BYTES (1000 bytes)');
    });

    it('refuses to run with a size that is not one, rather than guess', async () => {
      // Not the default limit in its place: a declared 512 MiB is neither refused nor read.
      const response = await withLimit('lots', () => upload(report('a1-alpha.test', 'limit-nonsense'), { ...ingestA(), 'content-length': String(512 * 1024 * 1024) }));
      expect(response.status).toBe(500);
      expect(await prisma().report.count({ where: { reportId: 'limit-nonsense' } })).toBe(0);
      expect(() => loadLimits({ ATLAS_MAX_FILE_BYTES: 'lots' })).toThrow(/ATLAS_MAX_FILE_BYTES: expected a size such as 268435456, 256MiB or 1GB, got 'lots'/);
    });

    it('stops reading a chunked body as soon as it passes the limit, raw or multipart', async () => {
      const raw = chunkedBody(new Uint8Array(64 * 1024).fill(120), 1024);
      const refused = await withLimit('4096', () => chunkedUpload(raw.stream, { 'content-type': 'application/xml' }));
      expect(refused.status).toBe(413);
      // The limit plus the chunk that crossed it, and at most one more the stream had queued.
      expect(raw.read()).toBeLessThanOrEqual(4096 + 2 * 1024);

      const form = new FormData();
      form.append('file', new Blob([new Uint8Array(64 * 1024).fill(120)]), 'big.xml');
      const encoded = new Response(form);
      const multipart = chunkedBody(new Uint8Array(await encoded.arrayBuffer()), 1024);
      const refusedForm = await withLimit('4096', () => chunkedUpload(multipart.stream, { 'content-type': encoded.headers.get('content-type')! }));
      expect(refusedForm.status).toBe(413);
      expect(multipart.read()).toBeLessThanOrEqual(4096 + 2 * 1024);
    });

    it('still takes a chunked upload under the limit', async () => {
      const body = chunkedBody(report('a1-alpha.test', 'chunked-ok'), 256);
      const response = await withLimit('1MiB', () => chunkedUpload(body.stream, { 'content-type': 'application/xml' }));
      expect(response.status).toBe(200);
      expect(ZIngestUploadResponse.parse(await response.json()).files[0]!.reports[0]!.status).toBe('ingested');
    });
  });
});
