import { z } from 'zod';
import { loadEnv } from '@/lib/platform/env';
import { runWebServer } from '@/lib/platform/system';
import { parseFlags } from '../args';
import { waitForShutdown } from '../shutdown';

/**
 * `atlas web`: the web app alone (what `atlas start` runs as its web process), e.g. several of
 * them behind a load balancer. Needs a production build (`npm run build`) unless --dev.
 */
export async function webCommand(argv: string[]): Promise<number> {
  const { flags } = parseFlags(
    argv,
    { port: { type: 'string' }, host: { type: 'string' }, dev: { type: 'boolean' } },
    z.object({ port: z.coerce.number().int().min(1).max(65535).optional(), host: z.string().default('0.0.0.0'), dev: z.boolean().optional() }),
  );
  const port = flags.port ?? loadEnv().PORT;
  const server = await runWebServer({ port, hostname: flags.host, dev: flags.dev });
  console.error(`web app listening on http://${flags.host}:${port}`);
  await waitForShutdown();
  const closed = new Promise((resolve) => server.close(resolve));
  server.closeAllConnections();
  await closed;
  return 0;
}
