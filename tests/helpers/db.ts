import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, inject } from 'vitest';
import { closePool } from '../../lib/db/pool';
import { disconnectPrisma } from '../../lib/db/prisma';

/**
 * A fresh, migrated database for the calling test file (a clone of the run's template), set
 * as DATABASE_URL for the code under test and dropped after the file's tests.
 */
export async function useTestDatabase(): Promise<string> {
  const serverUrl = inject('pgServerUrl');
  const name = `atlas_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: `${serverUrl}/postgres` });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name} TEMPLATE ${inject('pgTemplate')}`);
  await admin.end();
  const url = `${serverUrl}/${name}`;
  process.env.DATABASE_URL = url;
  afterAll(async () => {
    await disconnectPrisma();
    await closePool();
    const drop = new pg.Client({ connectionString: `${serverUrl}/postgres` });
    await drop.connect();
    await drop.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await drop.end();
  });
  return url;
}

/** An empty database on the test server (no migrations), dropped after the file. */
export async function useEmptyDatabase(): Promise<string> {
  const serverUrl = inject('pgServerUrl');
  const name = `atlas_empty_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: `${serverUrl}/postgres` });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  afterAll(async () => {
    const drop = new pg.Client({ connectionString: `${serverUrl}/postgres` });
    await drop.connect();
    await drop.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await drop.end();
  });
  return `${serverUrl}/${name}`;
}
