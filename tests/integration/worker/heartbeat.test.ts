import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { checkDatabase } from '../../../lib/queries/health/check-database';
import { heartbeatService } from '../../../lib/worker/heartbeat';
import { privateDatabase } from '../../helpers/db';
import { waitFor } from '../../helpers/imap-client';

// /api/health counts live workers from their heartbeat, which must write nothing: the web
// processes' page cache renders its pages again whenever the database snapshot moves.

describe('the worker heartbeat', () => {
  // A server of its own: on the shared one, other test files write all the time.
  const db = privateDatabase();

  it('counts a running worker as alive without moving the database snapshot, and stops counting it when it stops', async () => {
    const admin = new pg.Client({ connectionString: db.url() });
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
      await waitFor('the worker to drop out', async () => (await checkDatabase()).workersAlive === 0);
      expect(await snapshot()).toBe(before);
    } finally {
      await admin.end();
    }
  });
});
