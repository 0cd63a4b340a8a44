import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { migrate, resolveDatabase, type ResolvedDatabase } from '@/lib/platform/db-setup';

export interface BenchDatabase {
  url: string;
  /** Drops the database (the server stays up for the next part: releaseBenchServer). */
  drop(): Promise<void>;
}

// One server for the whole run: the ingest part and the dashboard part each make their own
// database on it. Resolved once because resolving exports DATABASE_URL (so a second resolve
// would find the first one's URL), and stopped once, at the end (releaseBenchServer).
let server: Promise<ResolvedDatabase> | null = null;

/**
 * A fresh, migrated database for one benchmark part, on DATABASE_URL's server or on the
 * embedded one: `atlas_bench_<random>`, dropped at the end, so runs never see each other's
 * data and the user's data is never touched.
 */
export async function createBenchDatabase(): Promise<BenchDatabase> {
  server ??= resolveDatabase();
  const resolved = await server;
  const url = new URL(resolved.url);
  const name = `atlas_bench_${randomBytes(5).toString('hex')}`;
  url.pathname = '/postgres';
  const admin = new pg.Client({ connectionString: url.toString() });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const adminUrl = url.toString();
  url.pathname = `/${name}`;
  const benchUrl = url.toString();
  await migrate(benchUrl);
  return {
    url: benchUrl,
    drop: async () => {
      const c = new pg.Client({ connectionString: adminUrl });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

/** Stops the embedded server when this run started it (after every part's database is dropped). */
export async function releaseBenchServer(): Promise<void> {
  if (!server) return;
  const resolved = await server;
  server = null;
  if (resolved.embedded?.owned) await resolved.embedded.stop();
}
