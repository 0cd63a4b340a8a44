import { readFileSync } from 'node:fs';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { SCHEMA_FILE, readMigrations } from '../../../lib/platform/db-setup/migrations-dir';
import { migrate } from '../../../lib/platform/db-setup/migrate';
import { diffSchemas } from '../../../lib/platform/db-authoring/schema-diff';
import { useEmptyDatabase } from '../../helpers/db';

// The database that prisma/migrations builds must be the one schema.prisma describes: a
// model changed without `npm run db:diff -- NAME`, or a hand-edited migration, fails here.

// What schema.prisma cannot describe is left out of the comparison: views (daily_rollup) and
// the partitions of a partitioned table (report_record's months); the partitioned table
// itself is compared, and tests/integration/ingest/partitions.test.ts covers the rest.
const PRISMA_DESCRIBES = `SELECT c.relname FROM pg_class c WHERE c.relnamespace = 'public'::regnamespace
  AND c.relkind IN ('r', 'p') AND NOT c.relispartition`;

/** Everything about a schema that matters to the app, read from Postgres' catalogs. */
async function describeSchema(url: string): Promise<string[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const queries = [
      `SELECT 'column ' || table_name || '.' || column_name || ' ' || data_type || ' ' || udt_name || ' null=' || is_nullable || ' default=' || coalesce(column_default, '') AS line
         FROM information_schema.columns WHERE table_schema = 'public' AND table_name <> '_prisma_migrations'
           AND table_name IN (${PRISMA_DESCRIBES})`,
      // An index on a partitioned table reads "ON ONLY"; the same index on a plain table does not.
      `SELECT 'index ' || replace(indexdef, ' ON ONLY ', ' ON ') AS line FROM pg_indexes WHERE schemaname = 'public' AND tablename <> '_prisma_migrations'
           AND tablename IN (${PRISMA_DESCRIBES})`,
      `SELECT 'constraint ' || conrelid::regclass || ' ' || pg_get_constraintdef(oid) AS line
         FROM pg_constraint WHERE connamespace = 'public'::regnamespace AND contype IN ('p', 'f', 'u', 'c')
           AND conrelid::regclass::text NOT IN ('_prisma_migrations', '"_prisma_migrations"')`,
      `SELECT 'enum ' || t.typname || ' ' || string_agg(e.enumlabel, ',' ORDER BY e.enumsortorder) AS line
         FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid GROUP BY t.typname`,
    ];
    const lines: string[] = [];
    for (const sql of queries) lines.push(...(await client.query<{ line: string }>(sql)).rows.map((r) => r.line));
    return lines.sort();
  } finally {
    await client.end();
  }
}

describe('prisma/migrations', () => {
  it('builds exactly the schema that schema.prisma describes', async () => {
    const fromMigrations = await useEmptyDatabase();
    const fromSchema = await useEmptyDatabase();
    await migrate(fromMigrations);
    const sql = await diffSchemas(null, readFileSync(SCHEMA_FILE, 'utf8'), fromSchema);
    const client = new pg.Client({ connectionString: fromSchema });
    await client.connect();
    await client.query(sql);
    await client.end();
    expect(await describeSchema(fromMigrations)).toEqual(await describeSchema(fromSchema));
  });

  it('keeps beside each migration the schema it leads to, the latest equal to schema.prisma', async () => {
    const migrations = readMigrations();
    expect(migrations.length).toBeGreaterThan(0);
    const latest = migrations.at(-1)!;
    const snapshot = readFileSync(SCHEMA_FILE.replace(/schema\.prisma$/, `migrations/${latest.name}/schema.prisma`), 'utf8');
    const scratch = await useEmptyDatabase();
    expect(await diffSchemas(snapshot, readFileSync(SCHEMA_FILE, 'utf8'), scratch)).toBe('');
  });

  it('applies each migration once when several processes start at the same time', async () => {
    const url = await useEmptyDatabase();
    const results = await Promise.all([migrate(url), migrate(url), migrate(url)]);
    const applied = results.flatMap((r) => r.applied);
    expect(applied.sort()).toEqual(readMigrations().map((m) => m.name).sort());
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    const rows = await client.query('SELECT migration_name FROM "_prisma_migrations"');
    await client.end();
    expect(rows.rowCount).toBe(readMigrations().length);
    expect((await migrate(url)).applied).toEqual([]);
  });
});
