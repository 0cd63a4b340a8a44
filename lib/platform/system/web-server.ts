import { createServer, type Server } from 'node:http';
import { markForwardedForStamped, stampForwardedFor, type TPageCache } from '@/lib/platform/web';
import { PROJECT_ROOT } from './project-root';

function decodablePath(url: string): boolean {
  try {
    decodeURIComponent(url.split('?')[0]!);
    return true;
  } catch {
    return false;
  }
}

export interface TWebServerOptions {
  port: number;
  hostname: string;
  dev?: boolean;
  /** Rendered pages kept while the database is unchanged (lib/platform/web/page-cache.ts). */
  pageCache?: TPageCache;
}

/**
 * The web app in this process: Next.js behind a plain Node HTTP server (Next's documented
 * "custom server"), for one reason: the client's address. `next start` hides the socket's
 * address whenever a client sends X-Forwarded-For itself, which let anyone reset the per-address
 * sign-in limit by sending a new made-up address with each guess. Here every request gets the
 * socket's address appended first (lib/platform/web/forwarded-for.ts).
 */
export async function runWebServer(options: TWebServerOptions): Promise<Server> {
  // Loaded here, not at import: other users of this library (atlas start) never need it.
  const { default: next } = await import('next');
  // tsx (the CLI's loader) turns Node's source-map support on, and then every server chunk of
  // the production build gets its .map file read and parsed as it loads: seconds of CPU on the
  // first requests (2.3 s of CPU in a profile of the first requests). `next start` leaves it off; so do we,
  // unless the operator asked for it (--enable-source-maps, in the flags or NODE_OPTIONS).
  const askedForMaps = [...process.execArgv, process.env.NODE_OPTIONS ?? ''].some((a) => a.includes('--enable-source-maps'));
  if (!options.dev && !askedForMaps) process.setSourceMapsEnabled(false);
  const app = next({ dev: options.dev ?? false, dir: PROJECT_ROOT, hostname: options.hostname, port: options.port });
  const handle = app.getRequestHandler();
  await app.prepare();
  markForwardedForStamped();
  const upgrade = options.dev ? app.getUpgradeHandler() : null;
  const server = createServer((request, response) => {
    // Next.js answers a path it can't percent-decode with a bare 500; no route has such a name.
    if (!decodablePath(request.url ?? '/')) {
      response.writeHead(400, { 'content-type': 'text/plain; charset=utf-8', 'x-content-type-options': 'nosniff', 'content-security-policy': "default-src 'none'" });
      response.end('Bad request: the path has a malformed %-escape.\n');
      return;
    }
    stampForwardedFor(request);
    if (options.pageCache) void options.pageCache.serve(request, response, () => void handle(request, response));
    else void handle(request, response);
  });
  if (upgrade) server.on('upgrade', (request, socket, head) => void upgrade(request, socket, head));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.hostname, () => resolve());
  });
  return server;
}
