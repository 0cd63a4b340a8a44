import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { checkDatabase } from '../../../lib/queries/health/check-database';
import { heartbeatService } from '../../../lib/worker/heartbeat';
import { usePrivateDatabase } from '../../helpers/db';

// /api/health counts live workers from their heartbeat, which must write nothing: the web
// processes' page cache renders its pages again whenever the database snapshot moves.

async function until<T>(what: string, probe: () => Promise<T>, ok: (value: T) => boolean): Promise<T> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const value = await probe();
    if (ok(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what} (last: ${JSON.stringify(value)})`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('the worker heartbeat', () => {
  it('counts a running worker as alive without moving the database snapshot, and stops counting it when it stops', async () => {
    // A server of its own: on the shared one, other test files write all the time.
    const url = await usePrivateDatabase();
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    const snapshot = async () => (await admin.query<{ s: string }>('SELECT pg_current_snapshot()::text AS s')).rows[0]!.s;
    try {
      expect((await checkDatabase()).workersAlive).toBe(0);
      const before = await snapshot();
      const stop = await heartbeatService.start();
      try {
        expect((await checkDatabase()).workersAlive).toBe(1);
        expect(await snapshot()).toBe(before);
      } finally {
        await stop();
      }
      await until('the worker to drop out', async () => (await checkDatabase()).workersAlive, (n) => n === 0);
      expect(await snapshot()).toBe(before);
    } finally {
      await admin.end();
    }
  });
});
