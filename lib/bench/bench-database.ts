import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { migrate, resolveDatabase } from '@/lib/platform/db-setup';

export interface BenchDatabase {
  url: string;
  /** Drops the database and stops the embedded server when this run started it. */
  drop(): Promise<void>;
}

/**
 * A fresh, migrated database for one benchmark run, on DATABASE_URL's server or on the
 * embedded one: `atlas_bench_<random>`, dropped at the end, so runs never see each other's
 * data and the user's data is never touched.
 */
export async function createBenchDatabase(): Promise<BenchDatabase> {
  const resolved = await resolveDatabase();
  const server = new URL(resolved.url);
  const name = `atlas_bench_${randomBytes(5).toString('hex')}`;
  server.pathname = '/postgres';
  const admin = new pg.Client({ connectionString: server.toString() });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  server.pathname = `/${name}`;
  const url = server.toString();
  await migrate(url);
  return {
    url,
    drop: async () => {
      server.pathname = '/postgres';
      const c = new pg.Client({ connectionString: server.toString() });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
      if (resolved.embedded?.owned) await resolved.embedded.stop();
    },
  };
}
