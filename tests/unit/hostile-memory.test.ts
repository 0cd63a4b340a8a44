import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import zlib from 'node:zlib';
import MailComposer from 'nodemailer/lib/mail-composer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reportXml } from './fixtures/reports';
import { syntheticReportXml } from '@/lib/demo';
import { asGzip, deflatedFill, makeZip, type DeflatedBomb } from './fixtures/zip-writer';

/**
 * Decompression bombs of every shape cost little memory (issue 11): the peak resident memory
 * of the whole `atlas parse` process — measured by the process itself, in a child — stays
 * under 300 MB for any single input, with the default limits and with limits raised far
 * beyond the bombs. The bombs are generated here; nothing hostile is committed.
 */

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, '../..');
const MB = 1000 * 1000;
const MiB = 1024 * 1024;
const CEILING = 300 * MB;
/** A valid report's first lines (up to a closed element): the parser reads on into what follows. */
const PREFIX = Buffer.from(reportXml().slice(0, reportXml().indexOf('<policy_published>')));
const RAISED = { ATLAS_MAX_DECOMPRESSED_BYTES: '100GiB', ATLAS_MAX_DECOMPRESSION_RATIO: '100000000' };

let dir: string;
const files: Record<string, string> = {};

async function atlasParse(file: string, env: Record<string, string> = {}): Promise<{ code: number; out: Array<{ code?: string; error?: string; report_id?: string }>; peak: number }> {
  const rssFile = path.join(dir, `rss-${path.basename(file)}-${Object.keys(env).length}`);
  const args = ['--import', path.join(root, 'tests/helpers/report-max-rss.mjs'), path.join(root, 'bin/atlas.mjs'), 'parse', '--json', file];
  const result = await run(process.execPath, args, {
    cwd: root,
    env: { ...process.env, ...env, ATLAS_TEST_MAX_RSS_FILE: rssFile },
    maxBuffer: 64 * MiB,
  }).then(
    (r) => ({ code: 0, stdout: r.stdout }),
    (err: { code: number; stdout: string }) => ({ code: err.code, stdout: err.stdout }),
  );
  return { code: result.code, out: JSON.parse(result.stdout) as never, peak: Number(await readFile(rssFile, 'utf8')) };
}

function gzip(data: Buffer): Buffer {
  return zlib.gzipSync(data);
}

function zipOf(name: string, bomb: DeflatedBomb, declaredSize = bomb.size): Buffer {
  return makeZip([{ name, deflated: bomb.raw, crc32: bomb.crc, declaredSize }]);
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'atlas-bombs-'));
  const spaces = await deflatedFill({ bytes: 1100 * MB, fill: 0x20, prefix: PREFIX });
  const comment = await deflatedFill({ bytes: 1100 * MB, fill: 0x61, prefix: Buffer.concat([PREFIX, Buffer.from('<!--')]) });
  const spacesGz = asGzip(spaces);
  const mail = await new MailComposer({
    from: 'noreply-dmarc@reporter.example', to: 'dmarc@example.com', subject: 'Report domain: example.com',
    attachments: [{ filename: 'report.xml.gz', content: spacesGz, contentType: 'application/gzip' }],
  }).compile().build();
  // A hundred honest 3.9 MB reports: accepted, but never all held at once.
  const oneReport = syntheticReportXml({ records: 5_500, seed: 3 });
  const deflated = zlib.deflateRawSync(oneReport);
  const many = makeZip(Array.from({ length: 100 }, (_, i) => ({ name: `r${i}.xml`, deflated, crc32: zlib.crc32(oneReport), declaredSize: oneReport.length })));
  const inputs: Record<string, Buffer> = {
    'spaces.xml.gz': spacesGz,
    'comment.xml.gz': asGzip(comment),
    'spaces.zip': zipOf('report.xml', spaces),
    'lying.zip': zipOf('report.xml', spaces, 1000),
    'nested.zip': makeZip([{ name: 'inner/report.xml.gz', data: spacesGz }]),
    'double.xml.gz.gz': gzip(spacesGz),
    'bomb.eml': mail,
    'many.zip': many,
  };
  for (const [name, data] of Object.entries(inputs)) {
    files[name] = path.join(dir, name);
    await writeFile(files[name], data);
  }
}, 300_000);

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('atlas parse stays under 300 MB peak RSS for any single input', () => {
  const refused: Array<[string, RegExp]> = [
    ['spaces.xml.gz', /^limit\.decompression_ratio$/],
    ['comment.xml.gz', /^limit\.decompression_ratio$/],
    ['spaces.zip', /^limit\.decompressed_bytes$/],
    ['lying.zip', /^zip\.size_mismatch$/],
    ['nested.zip', /^limit\.decompression_ratio$/],
    ['double.xml.gz.gz', /^limit\.decompression_ratio$/],
    ['bomb.eml', /^limit\.decompression_ratio$/],
  ];
  for (const [name, code] of refused) {
    it(`${name}: refused with a clear error, default limits`, async () => {
      const { code: exit, out, peak } = await atlasParse(files[name]);
      expect(exit).toBe(1);
      expect(out.map((r) => r.code)).toEqual([expect.stringMatching(code)]);
      expect(out[0].error).toMatch(/ATLAS_MAX_|refused|declared size/);
      expect(peak).toBeLessThan(CEILING);
    }, 120_000);
  }

  for (const name of ['spaces.xml.gz', 'comment.xml.gz', 'nested.zip', 'bomb.eml']) {
    it(`${name}: refused by the parser with the decompression limits raised to 100 GiB`, async () => {
      const { code: exit, out, peak } = await atlasParse(files[name], RAISED);
      expect(exit).toBe(1);
      expect(out.map((r) => r.code)).toEqual(['xml.token_too_long']);
      expect(peak).toBeLessThan(CEILING);
    }, 180_000);
  }

  it('a zip of a hundred 3.9 MB reports is read whole, one report at a time', async () => {
    const { code: exit, out, peak } = await atlasParse(files['many.zip']);
    expect(exit).toBe(0);
    expect(out).toHaveLength(100);
    expect(peak).toBeLessThan(CEILING);
  }, 180_000);
});
