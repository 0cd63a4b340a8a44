import { z } from 'zod';
import { readSessionClaims } from '@/lib/access/session-cookie';
import { disconnectPrisma, closePool, getPool } from '@/lib/platform/db';
import { loadEnv } from '@/lib/platform/env';
import { createPageCache } from '@/lib/platform/web';
import { isWebClusterWorker, runWebCluster, runWebServer } from '@/lib/platform/system';
import { parseFlags } from '../args';
import { waitForShutdown } from '../shutdown';

/**
 * The dashboard's analytics pages: each reads stored data for the signed-in member and the
 * date window alone (no live DNS, no clock but the UTC day), which is what the page cache
 * requires of a page (lib/platform/web/page-cache.ts). Settings, the wizard and the DNS page
 * are rendered every time.
 */
const SNAPSHOT_PAGES = [/^\/$/, /^\/domains\/[^/]+$/, /^\/domains\/[^/]+\/sources(\/[^/]+)?$/, /^\/reporters$/, /^\/reports(\/[^/]+)?$/];

/**
 * `atlas web [--port N] [--host H] [--processes N] [--dev]`: the web app alone (what
 * `atlas start` runs as its web process), e.g. several of them behind a load balancer. Needs a
 * production build (`npm run build`) unless --dev. With --processes (ATLAS_WEB_PROCESSES) above
 * 1, that many processes share the port (lib/platform/system/web-cluster.ts).
 */
export async function webCommand(argv: string[]): Promise<number> {
  const { flags } = parseFlags(
    argv,
    { port: { type: 'string' }, host: { type: 'string' }, processes: { type: 'string' }, dev: { type: 'boolean' } },
    z.object({
      port: z.coerce.number().int().min(1).max(65535).optional(),
      host: z.string().default('0.0.0.0'),
      processes: z.coerce.number().int().min(1).max(64).optional(),
      dev: z.boolean().optional(),
    }),
  );
  const env = loadEnv();
  const port = flags.port ?? env.PORT;
  // The dev server compiles on demand and watches files: one is all it can be.
  const processes = flags.dev ? 1 : (flags.processes ?? env.ATLAS_WEB_PROCESSES);
  if (processes > 1 && !isWebClusterWorker()) {
    const web = await runWebCluster(processes);
    console.error(`web app listening on http://${flags.host}:${port} (${processes} processes)`);
    const code = await Promise.race([web.exited, waitForShutdown().then(() => web.stop().then(() => 0))]);
    return code;
  }
  // Not under --dev: a page edited there must show at once.
  const pageCache = flags.dev
    ? undefined
    : createPageCache({
        paths: SNAPSHOT_PAGES,
        maxBytes: env.ATLAS_PAGE_CACHE_MB * 1024 * 1024,
        signedIn: async (cookie) => (await readSessionClaims(cookie)) !== null,
        snapshot: async () => (await getPool().query<{ s: string }>('SELECT pg_current_snapshot()::text AS s')).rows[0]!.s,
      });
  const server = await runWebServer({ port, hostname: flags.host, dev: flags.dev, pageCache });
  if (!isWebClusterWorker()) console.error(`web app listening on http://${flags.host}:${port}`);
  await waitForShutdown();
  const closed = new Promise((resolve) => server.close(resolve));
  server.closeAllConnections();
  await closed;
  // The database pools would otherwise keep the process alive after its server closed.
  await Promise.all([disconnectPrisma(), closePool()]);
  // A cluster worker's channel to its supervisor would too.
  if (isWebClusterWorker()) process.disconnect();
  return 0;
}
