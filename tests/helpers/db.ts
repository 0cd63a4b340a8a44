import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, inject } from 'vitest';
import { ensureDatabase, ensureEmbeddedPostgres } from '../../lib/platform/db-setup/embedded';
import { migrate } from '../../lib/platform/db-setup/migrate';
import { closePool } from '../../lib/platform/db/pool';
import { disconnectPrisma } from '../../lib/platform/db/prisma';

async function adminQuery(sql: string): Promise<void> {
  const admin = new pg.Client({ connectionString: `${inject('pgServerUrl')}/postgres` });
  await admin.connect();
  try {
    await admin.query(sql);
  } finally {
    await admin.end();
  }
}

/** A new database on the run's test server (cloned from `template` when given), dropped after the file. */
async function createScratchDatabase(prefix: string, template?: string): Promise<{ name: string; url: string }> {
  const name = `${prefix}_${randomBytes(6).toString('hex')}`;
  await adminQuery(`CREATE DATABASE ${name}${template ? ` TEMPLATE ${template}` : ''}`);
  afterAll(() => adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
  return { name, url: `${inject('pgServerUrl')}/${name}` };
}

/**
 * A fresh, migrated database for the calling test file (a clone of the run's template), set
 * as DATABASE_URL for the code under test and dropped after the file's tests.
 */
export async function useTestDatabase(): Promise<string> {
  // After-hooks run in reverse order (vitest's default), so connections close before the drop.
  const { url } = await createScratchDatabase('atlas_test', inject('pgTemplate'));
  afterAll(async () => {
    await disconnectPrisma();
    await closePool();
  });
  process.env.DATABASE_URL = url;
  return url;
}

/** An empty database on the test server (no migrations), dropped after the file. */
export async function useEmptyDatabase(): Promise<string> {
  return (await createScratchDatabase('atlas_empty')).url;
}

/**
 * A migrated database on a PostgreSQL server of the file's own (embedded, in a temporary
 * directory), for tests that need nobody else to write on the server while they run:
 * transaction ids, and so snapshots, are shared by every database of a server, and the other
 * test files write on the shared one all the time. A few seconds slower than useTestDatabase.
 * Call it where the file's hooks are declared (not inside a hook or a test): it declares the
 * hooks that start the server before the file's own and stop it after them. `url()` is the
 * database's, also set as DATABASE_URL.
 */
export function privateDatabase(): { url: () => string } {
  let url = '';
  let dir: string | undefined;
  let server: Awaited<ReturnType<typeof ensureEmbeddedPostgres>> | undefined;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'atlas-private-pg-'));
    server = await ensureEmbeddedPostgres({ dir: path.join(dir, 'pg'), fast: true });
    url = await ensureDatabase(server.serverUrl, 'atlas');
    await migrate(url);
    process.env.DATABASE_URL = url;
  }, 120_000);
  afterAll(async () => {
    await disconnectPrisma();
    await closePool();
    await server?.stop();
    if (server) await rm(server.dataDir, { recursive: true, force: true });
    if (dir) await rm(dir, { recursive: true, force: true });
  });
  return { url: () => url };
}
