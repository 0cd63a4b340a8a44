import { randomBytes } from 'node:crypto';
import { availableParallelism } from 'node:os';
import autocannon from 'autocannon';
import { createUser } from '@/lib/access';
import { ensureBuild, freePort, serveApp } from '@/lib/platform/system';
import { STREAMED_ERROR } from '@/lib/platform/web';
import { percentile } from './percentile';
import { signIn } from './sign-in';

/** 50 clients for `seconds` against one server: what they got. */
export interface TConcurrentFigures {
  clients: number;
  /** Distinct signed-in users among the clients (one each). */
  users: number;
  seconds: number;
  web_processes: number;
  /** The web processes' page cache (lib/platform/web/page-cache.ts): on as installed, or off. */
  page_cache: boolean;
  requests: number;
  /** Answers from the page cache (`x-atlas-page-cache: hit`). */
  cache_hits: number;
  /** p50/p95 null when no response completed within the window (all slower than `seconds`). */
  p50_ms: number | null;
  p95_ms: number | null;
  errors: number;
  render_errors: number;
}

export interface THttpFigures {
  overview_http_ms: number;
  concurrent: TConcurrentFigures;
  /** The same load with the page cache off: every request rendered (the baseline). */
  concurrent_uncached: TConcurrentFigures;
}

const CLIENTS = 50;
/** `atlas web` with `env` on a free port for as long as `during` runs. */
async function withServer<T>(databaseUrl: string, env: NodeJS.ProcessEnv, during: (origin: string) => Promise<T>): Promise<T> {
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  const web = await serveApp({ port, hostname: '127.0.0.1', env: { ...env, DATABASE_URL: databaseUrl, ATLAS_URL: origin } });
  try {
    return await during(origin);
  } finally {
    await web.stop();
  }
}

/**
 * One client (one connection) per signed-in user (a cookie each), all at once, each asking for
 * the overview and the sender map in turn for `seconds`. One autocannon run per client: a run's
 * request context starts afresh at each turn of its requests, so a run of many connections
 * cannot keep a user per connection.
 */
async function load(origin: string, input: { cookies: string[]; sourcesPath: string; seconds: number; webProcesses: number; pageCache: boolean }): Promise<TConcurrentFigures> {
  const latencies: number[] = [];
  // A part of a page that fails after the 200 was sent (a Suspense boundary streamed late)
  // is an error the status code does not show: React streams it with its digest instead.
  let renderErrors = 0;
  let hits = 0;
  const check = (_status: number, body: string, _context: unknown, headers: Record<string, string | string[]>) => {
    if (STREAMED_ERROR.test(body)) renderErrors++;
    if (headers['x-atlas-page-cache'] === 'hit') hits++;
  };
  const client = (cookie: string) =>
    new Promise<autocannon.Result>((resolve, reject) => {
      const instance = autocannon(
        {
          url: origin,
          connections: 1,
          duration: input.seconds,
          timeout: 30,
          headers: { cookie },
          requests: [
            { method: 'GET', path: '/', onResponse: check },
            { method: 'GET', path: input.sourcesPath, onResponse: check },
          ] as autocannon.Request[],
        },
        (err, res) => (err ? reject(err) : resolve(res)),
      );
      // autocannon reports percentiles without p95: every response time is kept to take it.
      instance.on('response', (_client, _status, _bytes, responseTime) => latencies.push(responseTime));
    });
  const results = await Promise.all(input.cookies.map(client));
  const total = (pick: (r: autocannon.Result) => number) => results.reduce((sum, r) => sum + pick(r), 0);
  return {
    clients: input.cookies.length,
    users: input.cookies.length,
    seconds: input.seconds,
    web_processes: input.webProcesses,
    page_cache: input.pageCache,
    requests: total((r) => r.requests.total),
    cache_hits: hits,
    p50_ms: latencies.length ? Math.round(percentile(latencies, 0.5)) : null,
    p95_ms: latencies.length ? Math.round(percentile(latencies, 0.95)) : null,
    errors: total((r) => r.errors + r.timeouts + r.non2xx) + renderErrors,
    render_errors: renderErrors,
  };
}

const describeLoad = (f: TConcurrentFigures) =>
  `${f.requests} requests (${f.cache_hits} from the page cache), p50 ${f.p50_ms ?? '–'} ms, p95 ${f.p95_ms ?? '–'} ms, ${f.errors} errors`;

/**
 * The production build (`atlas web`, as tests and `atlas start` serve it) against the bench
 * database. `CLIENTS` members of the largest domain's organisation sign in over HTTP as a
 * browser does; the overview's first load (the first request after the server started: cold
 * caches of the Node process, warm Postgres) is timed to the last byte; then each of the 50
 * clients, as its own user, requests the overview and the largest domain's sender map in turn
 * for `seconds` (autocannon): once with the page cache off (every request rendered: the
 * baseline) and once as installed (the figure against the target).
 * The server runs as the README advises for production: one web process per core
 * (`ATLAS_WEB_PROCESSES`, unless the environment sets it).
 * Errors: transport errors, timeouts, any answer other than 2xx, and pages that streamed a
 * failed part (a server error inside a Suspense boundary, after the status was sent).
 */
export async function measureHttp(databaseUrl: string, input: { organization: string; domain: string; seconds: number }, log: (line: string) => void): Promise<THttpFigures> {
  const password = randomBytes(18).toString('base64url');
  const emails = Array.from({ length: CLIENTS }, (_, i) => `bench-${i + 1}@bench.example`);
  for (const email of emails) await createUser({ email, password, organization: input.organization, role: 'owner' });

  const webProcesses = Number(process.env.ATLAS_WEB_PROCESSES ?? availableParallelism());
  const env = {
    ...process.env,
    NEXT_TELEMETRY_DISABLED: '1',
    ATLAS_WEB_PROCESSES: String(webProcesses),
    AUTH_SECRET: process.env.AUTH_SECRET ?? randomBytes(32).toString('base64'),
    ATLAS_LOG_LEVEL: 'warn',
    // Fifty sign-ins from one address: over the default limit per address, meant for guessing.
    ATLAS_LOGIN_MAX_PER_IP: String(CLIENTS * 4),
  };
  log('bench:   production build (next build unless it is up to date)…');
  await ensureBuild(env);
  const sourcesPath = `/domains/${encodeURIComponent(input.domain)}/sources`;
  const who = `${CLIENTS} clients (one user each), overview and ${sourcesPath} in turn, ${input.seconds} s, ${webProcesses} web process${webProcesses === 1 ? '' : 'es'}`;

  const baseline = await withServer(databaseUrl, { ...env, ATLAS_PAGE_CACHE_MB: '0' }, async (origin) => {
    const cookies: string[] = [];
    for (const email of emails) cookies.push(await signIn(origin, email, password));
    const t0 = performance.now();
    const first = await fetch(`${origin}/`, { headers: { cookie: cookies[0]! }, redirect: 'manual' });
    await first.arrayBuffer();
    const overviewMs = performance.now() - t0;
    if (first.status !== 200) throw new Error(`the overview answered ${first.status}, not 200: the bench user is not signed in`);
    log(`bench:   overview first load: ${Math.round(overviewMs)} ms`);
    log(`bench:   ${who}, page cache off…`);
    const uncached = await load(origin, { cookies, sourcesPath, seconds: input.seconds, webProcesses, pageCache: false });
    log(`bench:     ${describeLoad(uncached)}`);
    return { cookies, overviewMs, uncached };
  });
  const concurrent = await withServer(databaseUrl, env, async (origin) => {
    log(`bench:   ${who}, page cache on (as installed)…`);
    const figures = await load(origin, { cookies: baseline.cookies, sourcesPath, seconds: input.seconds, webProcesses, pageCache: true });
    log(`bench:     ${describeLoad(figures)}`);
    return figures;
  });
  return { overview_http_ms: Math.round(baseline.overviewMs), concurrent, concurrent_uncached: baseline.uncached };
}
