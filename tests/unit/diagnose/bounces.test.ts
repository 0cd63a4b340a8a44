import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { diagnoseBounce, ZBounceDiagnosis } from '@/lib/diagnose';

/**
 * Every real bounce in the shared set (../shared/bounces, many MTAs) is diagnosed as its
 * manifest says: category, status, reply code, rejecting host, sending IP and recipient.
 */

// shared/ sits beside the checkout (as for tests/unit/corpus.test.ts); a git worktree elsewhere
// points at it with ATLAS_SHARED_DIR.
const sharedDir = process.env.ATLAS_SHARED_DIR ?? path.resolve(import.meta.dirname, '../../..', '../shared');
const bouncesDir = path.join(sharedDir, 'bounces');
const manifestPath = path.join(bouncesDir, 'manifest.json');
const haveBounces = existsSync(manifestPath);

interface TManifestEntry {
  file: string;
  category: string;
  status: string | null;
  reply_code: number | null;
  rejected_by: string | null;
  sending_ip: string | null;
  recipient: string | null;
  evidence: string;
}

const manifest: TManifestEntry[] = haveBounces ? JSON.parse(readFileSync(manifestPath, 'utf8')) : [];

describe.skipIf(!haveBounces)('real bounces from ../shared/bounces', () => {
  it('has entries to check', () => {
    expect(manifest.length).toBeGreaterThan(0);
  });

  it.each(manifest.map((e) => [e.file, e] as const))('%s', async (_file, entry) => {
    const diagnosis = await diagnoseBounce(readFileSync(path.join(bouncesDir, entry.file)));
    expect(ZBounceDiagnosis.parse(diagnosis)).toEqual(diagnosis);
    expect({
      category: diagnosis.category,
      status: diagnosis.status,
      reply_code: diagnosis.reply_code,
      rejected_by: diagnosis.rejected_by,
      sending_ip: diagnosis.sending_ip,
      recipient: diagnosis.recipient,
    }).toEqual({
      category: entry.category,
      status: entry.status,
      reply_code: entry.reply_code,
      rejected_by: entry.rejected_by,
      sending_ip: entry.sending_ip,
      recipient: entry.recipient,
    });
    // The decision is backed by the server's own reply, and there is something to do about it.
    expect(diagnosis.evidence.diagnostic).toBeTruthy();
    expect(diagnosis.explanation.length).toBeGreaterThan(20);
    expect(diagnosis.fixes.length).toBeGreaterThan(0);
  });
});
