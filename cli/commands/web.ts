import { z } from 'zod';
import { disconnectPrisma, closePool } from '@/lib/platform/db';
import { loadEnv } from '@/lib/platform/env';
import { isWebClusterWorker, runWebCluster, runWebServer } from '@/lib/platform/system';
import { parseFlags } from '../args';
import { waitForShutdown } from '../shutdown';

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
  const server = await runWebServer({ port, hostname: flags.host, dev: flags.dev });
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
