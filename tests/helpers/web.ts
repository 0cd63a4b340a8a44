import { freePort } from '../../lib/platform/system/ports';
import { ensureBuild, serveApp, type WebServer } from '../../lib/platform/system';

/** The production build served by `next start` on a free port against the given database. */
export async function startWebApp(databaseUrl: string, extraEnv: Record<string, string> | ((origin: string) => Record<string, string>) = {}): Promise<WebServer> {
  await ensureBuild({ ...process.env, NEXT_TELEMETRY_DISABLED: '1' });
  const port = await freePort();
  // A function gets the app's own origin (for ATLAS_URL, when redirects must come back to it).
  const extra = typeof extraEnv === 'function' ? extraEnv(`http://127.0.0.1:${port}`) : extraEnv;
  return serveApp({
    port,
    hostname: '127.0.0.1',
    env: { ...process.env, DATABASE_URL: databaseUrl, NEXT_TELEMETRY_DISABLED: '1', ...extra },
  });
}
