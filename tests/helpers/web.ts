import { mkdir, open, rm } from 'node:fs/promises';
import path from 'node:path';
import { freePort } from '../../lib/db/embedded';
import { buildApp, buildIsStale } from '../../lib/web/build';
import { serveApp, type WebServer } from '../../lib/web/serve';

const LOCK = path.resolve('.atlas', 'test-build.lock');

/** One `next build` at a time across test files (they run in parallel processes). */
async function ensureBuilt(): Promise<void> {
  await mkdir(path.dirname(LOCK), { recursive: true });
  for (;;) {
    try {
      const handle = await open(LOCK, 'wx');
      await handle.close();
      break;
    } catch {
      await new Promise((r) => setTimeout(r, 500));
    }
  }
  try {
    if (buildIsStale()) await buildApp({ ...process.env, NEXT_TELEMETRY_DISABLED: '1' });
  } finally {
    await rm(LOCK, { force: true });
  }
}

/** The production build served by `next start` on a free port against the given database. */
export async function startWebApp(databaseUrl: string, extraEnv: Record<string, string> = {}): Promise<WebServer> {
  await ensureBuilt();
  const port = await freePort();
  return serveApp({
    port,
    hostname: '127.0.0.1',
    env: { ...process.env, DATABASE_URL: databaseUrl, NEXT_TELEMETRY_DISABLED: '1', ...extraEnv },
  });
}
