import pg from 'pg';

// One pg pool per process, shared by the Prisma adapter and by the raw paths (COPY, analytics),
// so that a process never holds two sets of connections to the same database.

// node-postgres returns int8 as strings by default; counts here fit in JS numbers only up to
// 2^53, so they stay strings at the driver and are converted where they are read.
const globalForPool = globalThis as unknown as { atlasPool?: pg.Pool };

export function databaseUrl(): string {
  const url = process.env.DATABASE_URL;
  if (!url) {
    throw new Error('DATABASE_URL is not set. Start through `npm start` / `atlas …` (embedded Postgres) or set DATABASE_URL.');
  }
  return url;
}

export function getPool(): pg.Pool {
  if (!globalForPool.atlasPool) {
    const pool = new pg.Pool({
      connectionString: databaseUrl(),
      max: Number(process.env.ATLAS_DB_POOL_SIZE ?? 10),
      idleTimeoutMillis: 30_000,
    });
    // An idle client's error (the server restarting, or stopping while pool.end() is still
    // closing sockets) is an 'error' event on the pool: unhandled, it would crash the process.
    // The next query gets a fresh client; nothing else to do.
    pool.on('error', () => undefined);
    globalForPool.atlasPool = pool;
  }
  return globalForPool.atlasPool;
}

export async function closePool(): Promise<void> {
  const pool = globalForPool.atlasPool;
  globalForPool.atlasPool = undefined;
  await pool?.end();
}
