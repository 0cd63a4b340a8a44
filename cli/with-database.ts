import { migrate, releaseDatabase, resolveDatabase } from '@/lib/platform/db-setup';

/**
 * Runs a command against the configured database (DATABASE_URL, or the embedded server —
 * the running one or started for the duration of the command), migrated, and cleans up.
 */
export async function withDatabase<T>(fn: (url: string) => Promise<T>, options: { migrate?: boolean } = {}): Promise<T> {
  const db = await resolveDatabase();
  try {
    if (options.migrate !== false) await migrate(db.url);
    return await fn(db.url);
  } finally {
    await releaseDatabase(db);
  }
}
