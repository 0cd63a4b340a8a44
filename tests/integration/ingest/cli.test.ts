import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reportMail } from '../../helpers/report-mail';
import { useTestDatabase } from '../../helpers/db';
import { D0, DAY, xmlReport } from './helpers';

// The CLI as a user runs it: `atlas ingest`, `atlas stats --json`, `atlas org create`,
// `atlas domain add`, each a child process against the test database.

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, '../../..');

interface Result {
  code: number;
  stdout: string;
  stderr: string;
}

describe('atlas ingest / stats / org / domain (CLI)', () => {
  let url = '';
  let dir = '';

  async function atlas(...args: string[]): Promise<Result> {
    try {
      const { stdout, stderr } = await run(process.execPath, [path.join(root, 'bin/atlas.mjs'), ...args], {
        cwd: root,
        env: { ...process.env, DATABASE_URL: url, ATLAS_LOG_LEVEL: 'warn' },
        maxBuffer: 16 << 20,
      });
      return { code: 0, stdout, stderr };
    } catch (error) {
      const e = error as { code?: number; stdout?: string; stderr?: string };
      return { code: typeof e.code === 'number' ? e.code : -1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
    }
  }

  async function stats(): Promise<Record<string, number>> {
    const r = await atlas('stats', '--json');
    expect(r.code, r.stderr).toBe(0);
    return JSON.parse(r.stdout) as Record<string, number>;
  }

  const report = (id: string, day: number, counts: number[]) =>
    xmlReport({ reportId: id, domain: 'cli.example', begin: D0 + day * DAY, end: D0 + (day + 1) * DAY - 1, records: counts.map((count, i) => ({ count, ip: `198.51.100.${i + 1}` })) });

  beforeAll(async () => {
    url = await useTestDatabase();
    dir = await mkdtemp(path.join(os.tmpdir(), 'atlas-cli-'));
    await mkdir(path.join(dir, 'inbox', 'nested'), { recursive: true });
    await writeFile(path.join(dir, 'inbox', 'a.xml'), report('cli-a', 0, [1, 2]));
    await writeFile(path.join(dir, 'inbox', 'nested', 'b.xml.gz'), gzipSync(report('cli-b', 1, [3])));
    const mails = [await reportMail('c.xml', report('cli-c', 2, [4, 5])), await reportMail('d.xml.gz', gzipSync(report('cli-d', 3, [6])))];
    const mbox = mails.map((m) => `From dmarc@reporter.example Sat Mar  1 00:00:00 2025\n${m.toString('utf8').replace(/\r\n/g, '\n').replace(/^From /gm, '>From ')}\n`).join('');
    await writeFile(path.join(dir, 'inbox', 'nested', 'archive.mbox'), mbox);
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('ingests files, folders and mbox files, then reports the counts', async () => {
    const r = await atlas('ingest', path.join(dir, 'inbox'));
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('3 file(s): 0 ingested, 0 duplicate, 0 replaced, 4 set aside, 0 failed (6 records stored).');
    expect(r.stdout).toContain('cli.example (4)');
    expect(r.stderr).toContain('3/3 files');
    expect(await stats()).toMatchObject({ reports: 4, records: 6, messages: 21, failed: 0, set_aside: 4 });
  });

  it('creates an organisation, adds the domain and attaches its set-aside reports', async () => {
    const org = await atlas('org', 'create', 'CLI Org');
    expect(org.code, org.stderr).toBe(0);
    expect(org.stdout).toContain('Created organisation "CLI Org"');
    expect((await atlas('org', 'create', 'CLI Org')).stdout).toContain('already exists');
    const add = await atlas('domain', 'add', 'CLI.Example.', '--org', 'CLI Org');
    expect(add.code, add.stderr).toBe(0);
    expect(add.stdout).toContain('attached 4 set-aside report(s)');
    expect(await stats()).toMatchObject({ reports: 4, set_aside: 0, rollup_messages: 21 });
    const missing = await atlas('domain', 'add', 'other.example', '--org', 'Nobody');
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('no organisation named "Nobody"');
  });

  it('exits 1 and names the reason when a file fails; a repeated ingest changes nothing', async () => {
    await writeFile(path.join(dir, 'empty.xml'), '');
    const r = await atlas('ingest', path.join(dir, 'empty.xml'), path.join(dir, 'inbox', 'a.xml'));
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('1 duplicate');
    expect(r.stdout).toMatch(/empty\.xml: empty file \(0 bytes\)\. \[input\.empty\]/);
    const json = await atlas('ingest', '--json', path.join(dir, 'inbox'));
    expect(json.code).toBe(0);
    const parsed = JSON.parse(json.stdout) as Array<{ status: string; reports: Array<{ outcome: string }> }>;
    expect(parsed.map((f) => f.status)).toEqual(['ingested', 'set_aside', 'ingested'].map(() => 'duplicate'));
    expect(await stats()).toMatchObject({ reports: 4, records: 6, messages: 21, failed: 1, set_aside: 0 });
  });

  it('stores a report once when two processes ingest it at the same time', async () => {
    const file = path.join(dir, 'twice.xml');
    await writeFile(file, report('cli-twice', 9, [7, 8, 9]));
    const [a, b] = await Promise.all([atlas('ingest', file), atlas('ingest', file)]);
    expect([a.code, b.code]).toEqual([0, 0]);
    expect([a.stdout, b.stdout].join('\n')).toMatch(/1 ingested[\s\S]*1 duplicate|1 duplicate[\s\S]*1 ingested/);
    expect(await stats()).toMatchObject({ reports: 5, records: 9, messages: 45 });
  });
});
