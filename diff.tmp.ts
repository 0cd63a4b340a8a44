import { readFileSync } from 'node:fs';
import pg from 'pg';
import { diffSchemas } from '@/lib/platform/db-authoring/schema-diff';
const base = 'postgresql://postgres:atlas-embedded@127.0.0.1:33963';
const c = new pg.Client({ connectionString: base + '/postgres' }); await c.connect();
await c.query('DROP DATABASE IF EXISTS scratch_diff'); await c.query('CREATE DATABASE scratch_diff'); await c.end();
const prev = process.argv[2] ? readFileSync(process.argv[2], 'utf8') : null;
console.log(await diffSchemas(prev, readFileSync('prisma/schema.prisma', 'utf8'), base + '/scratch_diff'));
