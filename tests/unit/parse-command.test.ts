import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { parseCommand } from '@/cli/commands/parse';
import { reportXml } from './fixtures/reports';

/** `atlas parse FILE… [--json]`: what it prints and its exit code. No database involved. */

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'atlas-parse-'));
  await writeFile(path.join(dir, 'good.xml.gz'), zlib.gzipSync(reportXml([{ count: '3' }, { ip: '2001:db8::1', dkim: 'fail', spf: 'fail' }])));
  await writeFile(path.join(dir, 'bad.xml'), '<feedback><report_metadata>');
});
afterAll(() => rm(dir, { recursive: true, force: true }));

async function run(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const o = vi.spyOn(process.stdout, 'write').mockImplementation((s) => { out += String(s); return true; });
  const e = vi.spyOn(process.stderr, 'write').mockImplementation((s) => { err += String(s); return true; });
  try {
    return { code: await parseCommand(argv), out, err };
  } finally {
    o.mockRestore();
    e.mockRestore();
  }
}

describe('atlas parse', () => {
  it('prints one JSON object per report, file as given, exit 0 when every file parsed', async () => {
    const file = path.join(dir, 'good.xml.gz');
    const { code, out } = await run([file, '--json']);
    expect(code).toBe(0);
    expect(JSON.parse(out)).toEqual([{
      file, org_name: 'reporter.example', report_id: 'r-1', begin: 1700000000, end: 1700086399, domain: 'example.com',
      p: 'none', sp: 'none', pct: '100', records: 2, messages: 4, dmarc_pass: 3, dkim_aligned_pass: 3, spf_aligned_pass: 3,
      source_ips: 2, namespace: null, version: '1.0',
    }]);
  });

  it('prints {file, error} for a rejected file and exits 1', async () => {
    const good = path.join(dir, 'good.xml.gz');
    const bad = path.join(dir, 'bad.xml');
    const missing = path.join(dir, 'missing.xml');
    const { code, out } = await run(['--json', good, bad, missing]);
    expect(code).toBe(1);
    const printed = JSON.parse(out) as Array<Record<string, unknown>>;
    expect(printed.map((r) => [r.file, r.code ?? 'ok'])).toEqual([[good, 'ok'], [bad, 'xml.malformed'], [missing, 'ENOENT']]);
    expect(printed[1].error).toMatch(/^bad\.xml: XML not well-formed/);
  });

  it('prints a readable table without --json', async () => {
    const { code, out } = await run([path.join(dir, 'good.xml.gz'), path.join(dir, 'bad.xml')]);
    expect(code).toBe(1);
    expect(out).toMatch(/REPORTER\s+REPORT ID/);
    expect(out).toMatch(/reporter\.example\s+r-1\s+2023-11-14 22:13\s+example\.com\s+none\s+2\s+4\s+75\.0%/);
    expect(out).toMatch(/Rejected:\n {2}.*bad\.xml: bad\.xml: XML not well-formed/);
  });

  it('usage errors exit 2', async () => {
    expect((await run([])).code).toBe(2);
    expect((await run(['--frobnicate', 'x'])).code).toBe(2);
  });
});
