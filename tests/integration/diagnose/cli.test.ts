import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prisma } from '../../../lib/platform/db/prisma';
import { insertReport } from '../../helpers/access-fixtures';
import { useTestDatabase } from '../../helpers/db';
import { reverseName, startDnsZoneServer, type TDnsZoneServer } from '../../helpers/dns-zone-server';
import { dnsblQueryName } from '@/lib/diagnose';

/** `atlas diagnose FILE|- [--json]` as a user runs it: the real bin, a file and standard input. */

const root = path.resolve(import.meta.dirname, '../../..');
let dir: string;

const BOUNCE_EML = [
  'Return-Path: <>',
  'From: MAILER-DAEMON@mail.example.com (Mail Delivery System)',
  'To: alice@example.com',
  'Subject: Undelivered Mail Returned to Sender',
  'MIME-Version: 1.0',
  'Content-Type: multipart/report; report-type=delivery-status; boundary="b1"',
  '',
  '--b1',
  'Content-Type: text/plain; charset=us-ascii',
  '',
  '<bob@example.net>: host mx.example.net[198.51.100.1] said: 550 5.7.1',
  '    Unfortunately, messages from [203.0.113.9] weren\'t sent. Please contact your',
  '    Internet service provider since part of their network is on our block list',
  '    (S3150). (in reply to RCPT TO command)',
  '',
  '--b1',
  'Content-Type: message/delivery-status',
  '',
  'Reporting-MTA: dns; mail.example.com',
  '',
  'Final-Recipient: rfc822; bob@example.net',
  'Action: failed',
  'Status: 5.0.0',
  'Remote-MTA: dns; mx.example.net',
  "Diagnostic-Code: smtp; 550 5.7.1 Unfortunately, messages from [203.0.113.9] weren't",
  '    sent. Please contact your Internet service provider since part of their network',
  '    is on our block list (S3150).',
  '',
  '--b1',
  'Content-Type: text/rfc822-headers',
  '',
  'From: Alice <alice@example.com>',
  'Subject: invoice',
  '',
  '--b1--',
  '',
].join('\r\n');

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'atlas-diagnose-'));
  await writeFile(path.join(dir, 'bounce.eml'), BOUNCE_EML);
});
afterAll(() => rm(dir, { recursive: true, force: true }));

/** The bin, without a database unless `databaseUrl` is given (and no embedded one to find). */
function atlas(args: string[], stdin?: string, databaseUrl?: string, extraEnv: Record<string, string> = {}): Promise<{ code: number | null; out: string; err: string }> {
  const { DATABASE_URL: _ignored, ...rest } = process.env;
  const env = { ...rest, ATLAS_DATA_DIR: path.join(dir, 'data'), ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}), ...extraEnv };
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(root, 'bin/atlas.mjs'), ...args], { cwd: root, env, stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, out, err }));
    child.stdin.end(stdin ?? '');
  });
}

describe('atlas diagnose', () => {
  it('diagnoses a bounce file and prints one JSON object', async () => {
    const { code, out } = await atlas(['diagnose', path.join(dir, 'bounce.eml'), '--json']);
    expect(code).toBe(0);
    const d = JSON.parse(out);
    expect(d).toMatchObject({
      category: 'ip_reputation',
      status: '5.7.1',
      reply_code: 550,
      rejected_by: 'mx.example.net',
      sending_ip: '203.0.113.9',
      sender: 'alice@example.com',
      recipient: 'bob@example.net',
      evidence: { rule: 'ms-s3150', source: 'delivery-status', input: 'eml', smtp_command: 'RCPT' },
    });
    expect(d.fixes.join('\n')).toMatch(/SNDS/);
    expect(d.evidence).toMatchObject({ domain: null, ip_health: null, notes: [] });
  });

  it('reads pasted NDR text from standard input with "-"', async () => {
    const { code, out } = await atlas(['diagnose', '-', '--json'], "Remote Server returned '550 5.7.54 SMTP; Unable to relay recipient in non-accepted domain'\n");
    expect(code).toBe(0);
    expect(JSON.parse(out)).toMatchObject({ category: 'relay_denied', status: '5.7.54', reply_code: 550, evidence: { input: 'text' } });
  });

  it('prints a readable diagnosis without --json', async () => {
    const { code, out } = await atlas(['diagnose', path.join(dir, 'bounce.eml')]);
    expect(code).toBe(0);
    expect(out).toMatch(/^Category: +ip_reputation \(rule ms-s3150, high\)$/m);
    expect(out).toMatch(/^Sending IP: +203\.0\.113\.9$/m);
    expect(out).toMatch(/^Fixes:\n {2}1\. /m);
  });

  it('exits 1 with the reason for empty input, and 2 without a file', async () => {
    const empty = await atlas(['diagnose', '-', '--json'], '\n');
    expect(empty.code).toBe(1);
    expect(JSON.parse(empty.out)).toMatchObject({ file: '-', code: 'input.empty' });
    const usage = await atlas(['diagnose']);
    expect(usage.code).toBe(2);
    expect(usage.err).toMatch(/Usage: atlas diagnose FILE\|-/);
  });
});

describe('atlas diagnose with a database', () => {
  let url: string;
  let dns: TDnsZoneServer;
  beforeAll(async () => {
    url = await useTestDatabase();
    dns = await startDnsZoneServer({
      [reverseName('203.0.113.9')]: { PTR: ['mail.example.com'] },
      'mail.example.com': { A: ['203.0.113.9'] },
      [dnsblQueryName('203.0.113.9', 'bl.spamcop.net')!]: { A: ['127.0.0.2'] },
    });
    const org = await prisma().organization.create({ data: { name: 'Example', slug: 'example' } });
    const domain = await prisma().domain.create({ data: { name: 'example.com', organizationId: org.id } });
    await insertReport(domain.id, 'example.com', new Date(Date.now() - 86_400_000).toISOString().slice(0, 10), 40, '203.0.113.9');
  });
  afterAll(() => dns?.close());

  it('adds the evidence from the stored reports (operator scope) and the IP health, and --no-evidence leaves them out', async () => {
    const dnsEnv = { ATLAS_DNS_SERVERS: dns.address, ATLAS_DNSBL_ZONES: 'bl.spamcop.net', ATLAS_DNS_TIMEOUT_MS: '500', ATLAS_DNS_TRIES: '1' };
    const withDb = await atlas(['diagnose', path.join(dir, 'bounce.eml'), '--json'], undefined, url, dnsEnv);
    expect(withDb.code).toBe(0);
    const d = JSON.parse(withDb.out);
    expect(d.evidence.domain).toMatchObject({ domain: 'example.com', dmarc: { p: 'none', reporter: 'google.com' }, address: { ip: '203.0.113.9', messages: 40 } });
    expect(d.evidence.ip_health).toMatchObject({ ip: '203.0.113.9', checked: 'live', fcrdns: { status: 'pass', ptr: 'mail.example.com' }, listed_on: ['bl.spamcop.net'] });
    expect(d.fixes[0]).toMatch(/^203\.0\.113\.9 is listed on bl\.spamcop\.net/);

    const readable = await atlas(['diagnose', path.join(dir, 'bounce.eml')], undefined, url, dnsEnv);
    expect(readable.out).toMatch(/^Domain: +example\.com \(reports \d{4}-\d{2}-\d{2} to \d{4}-\d{2}-\d{2}\)$/m);
    expect(readable.out).toMatch(/^Policy: +p=none \(google\.com\)$/m);
    expect(readable.out).toMatch(/^Blocklists: +listed on bl\.spamcop\.net$/m);

    const bare = await atlas(['diagnose', path.join(dir, 'bounce.eml'), '--json', '--no-evidence'], undefined, url, dnsEnv);
    expect(JSON.parse(bare.out).evidence).toMatchObject({ domain: null, ip_health: null, notes: [] });
  });
});
