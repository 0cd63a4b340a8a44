// Getting a database ready, for the CLI and the tests: the embedded PostgreSQL, choosing and
// releasing the server, and the migration runner.
export { ensureDatabase, ensureEmbeddedPostgres, type EmbeddedHandle } from './embedded';
export { migrate } from './migrate';
export { MIGRATIONS_DIR, readMigrations, SCHEMA_FILE } from './migrations-dir';
export { releaseDatabase, resolveDatabase, type ResolvedDatabase } from './url';
