import { rm } from 'node:fs/promises';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { ensureDatabase, ensureEmbeddedPostgres, type EmbeddedHandle } from '../../lib/platform/db-setup/embedded';
import { migrate } from '../../lib/platform/db-setup/migrate';

// One real PostgreSQL for the whole run: DATABASE_URL's server when set, otherwise an embedded
// server in a throw-away data directory. A template database holds the migrated schema; each
// test file clones it (tests/helpers/db.ts), so files are isolated and run in parallel.

declare module 'vitest' {
  export interface ProvidedContext {
    pgServerUrl: string;
    pgTemplate: string;
  }
}

const TEMPLATE = 'atlas_test_template';

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  let embedded: EmbeddedHandle | undefined;
  let serverUrl: string;
  const dataDir = path.resolve('.atlas', `test-pg-${process.pid}`);
  if (process.env.DATABASE_URL) {
    const url = new URL(process.env.DATABASE_URL);
    url.pathname = '';
    serverUrl = url.toString().replace(/\/$/, '');
  } else {
    embedded = await ensureEmbeddedPostgres({ dir: dataDir, fast: true });
    serverUrl = embedded.serverUrl;
  }
  const admin = new (await import('pg')).default.Client({ connectionString: `${serverUrl}/postgres` });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${TEMPLATE} WITH (FORCE)`);
  await admin.end();
  const templateUrl = await ensureDatabase(serverUrl, TEMPLATE);
  await migrate(templateUrl);
  project.provide('pgServerUrl', serverUrl);
  project.provide('pgTemplate', TEMPLATE);
  return async () => {
    if (embedded?.owned) {
      await embedded.stop();
      await rm(embedded.dataDir, { recursive: true, force: true });
      await rm(dataDir, { recursive: true, force: true });
      await rm(`${dataDir}.port`, { force: true });
    }
  };
}
