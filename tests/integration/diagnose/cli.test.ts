import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

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

function atlas(args: string[], stdin?: string): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(root, 'bin/atlas.mjs'), ...args], { cwd: root, stdio: ['pipe', 'pipe', 'pipe'] });
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
