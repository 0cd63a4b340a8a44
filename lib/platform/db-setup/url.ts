import path from 'node:path';
import { loadEnv } from '@/lib/platform/env';
import { ensureDatabase, ensureEmbeddedPostgres, type EmbeddedHandle } from './embedded';
import { closePool, disconnectPrisma } from '@/lib/platform/db';

export interface ResolvedDatabase {
  url: string;
  /** Set when the embedded server is in use; stop it on exit when `owned`. */
  embedded?: EmbeddedHandle;
}

/**
 * DATABASE_URL when set; otherwise the embedded PostgreSQL under ATLAS_DATA_DIR/pg — the one
 * already running (e.g. under `npm start`), or started now. Also exports the URL to
 * process.env so that the Prisma client and child processes use the same database.
 */
export async function resolveDatabase(onLog?: (line: string) => void): Promise<ResolvedDatabase> {
  const env = loadEnv();
  if (env.DATABASE_URL) return { url: env.DATABASE_URL };
  const embedded = await ensureEmbeddedPostgres({ dir: path.join(env.ATLAS_DATA_DIR, 'pg'), onLog });
  const url = await ensureDatabase(embedded.serverUrl, 'atlas');
  process.env.DATABASE_URL = url;
  return { url, embedded };
}

/** Closes this process's connections and stops the embedded server if this process started it. */
export async function releaseDatabase(db: ResolvedDatabase): Promise<void> {
  await disconnectPrisma();
  await closePool();
  if (db.embedded?.owned) await db.embedded.stop();
}
