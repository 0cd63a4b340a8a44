import { randomBytes } from 'node:crypto';
import { availableParallelism } from 'node:os';
import autocannon from 'autocannon';
import { createUser } from '@/lib/access';
import { ensureBuild, freePort, serveApp } from '@/lib/platform/system';
import { percentile } from './percentile';
import { signIn } from './sign-in';

export interface THttpFigures {
  overview_http_ms: number;
  /** p50/p95 null when no response completed within the window (all slower than `seconds`). */
  concurrent: { clients: number; seconds: number; web_processes: number; requests: number; p50_ms: number | null; p95_ms: number | null; errors: number; render_errors: number };
}

const CLIENTS = 50;
/** How React's streaming renderer marks a boundary whose server render failed (its digest). */
const RENDER_ERROR = /data-dgst=|\$RX\(/;

/**
 * The production build (`atlas web`, as tests and `atlas start` serve it) against the bench
 * database: a member of the largest domain's organisation signs in over HTTP as a browser does;
 * the overview's first load (the first request after the server started: cold caches of the
 * Node process, warm Postgres) is timed to the last byte; then 50 clients with that session
 * request the overview and the largest domain's sender map in turn for `seconds` (autocannon).
 * The server runs as the README advises for production: one web process per core
 * (`ATLAS_WEB_PROCESSES`, unless the environment sets it); 2 processes on this 2-core machine
 * served 22–30 % more requests than 1 in alternating 20 s runs (docs/performance.md).
 * Errors: transport errors, timeouts, any answer other than 2xx, and pages that streamed a
 * failed part (a server error inside a Suspense boundary, after the status was sent).
 */
export async function measureHttp(databaseUrl: string, input: { organization: string; domain: string; seconds: number }, log: (line: string) => void): Promise<THttpFigures> {
  const email = 'bench@bench.example';
  const password = randomBytes(18).toString('base64url');
  await createUser({ email, password, organization: input.organization, role: 'owner' });

  const webProcesses = Number(process.env.ATLAS_WEB_PROCESSES ?? availableParallelism());
  const env = { ...process.env, NEXT_TELEMETRY_DISABLED: '1', ATLAS_WEB_PROCESSES: String(webProcesses) };
  log('bench:   production build (next build unless it is up to date)…');
  await ensureBuild(env);
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  const web = await serveApp({
    port,
    hostname: '127.0.0.1',
    env: { ...env, DATABASE_URL: databaseUrl, ATLAS_URL: origin, AUTH_SECRET: process.env.AUTH_SECRET ?? randomBytes(32).toString('base64'), ATLAS_LOG_LEVEL: 'warn' },
  });
  try {
    const cookie = await signIn(origin, email, password);
    const t0 = performance.now();
    const first = await fetch(`${origin}/`, { headers: { cookie }, redirect: 'manual' });
    await first.arrayBuffer();
    const overviewMs = performance.now() - t0;
    if (first.status !== 200) throw new Error(`the overview answered ${first.status}, not 200: the bench user is not signed in`);
    log(`bench:   overview first load: ${Math.round(overviewMs)} ms`);

    const sourcesPath = `/domains/${encodeURIComponent(input.domain)}/sources`;
    const latencies: number[] = [];
    // A part of a page that fails after the 200 was sent (a Suspense boundary streamed late)
    // is an error the status code does not show: React streams it with its digest instead.
    let renderErrors = 0;
    const countRenderError = (_status: number, body: string) => {
      if (RENDER_ERROR.test(body)) renderErrors++;
    };
    log(`bench:   ${CLIENTS} clients, overview and ${sourcesPath} in turn, ${input.seconds} s, ${webProcesses} web process${webProcesses === 1 ? '' : 'es'}…`);
    const result = await new Promise<autocannon.Result>((resolve, reject) => {
      const instance = autocannon(
        {
          url: origin,
          connections: CLIENTS,
          duration: input.seconds,
          timeout: 30,
          headers: { cookie },
          requests: [
            { method: 'GET', path: '/', onResponse: countRenderError },
            { method: 'GET', path: sourcesPath, onResponse: countRenderError },
          ],
        },
        (err, res) => (err ? reject(err) : resolve(res)),
      );
      // autocannon reports percentiles without p95: every response time is kept to take it.
      instance.on('response', (_client, _status, _bytes, responseTime) => latencies.push(responseTime));
    });
    const errors = result.errors + result.timeouts + result.non2xx + renderErrors;
    return {
      overview_http_ms: Math.round(overviewMs),
      concurrent: {
        clients: CLIENTS,
        seconds: input.seconds,
        web_processes: webProcesses,
        requests: result.requests.total,
        p50_ms: latencies.length ? Math.round(percentile(latencies, 0.5)) : null,
        p95_ms: latencies.length ? Math.round(percentile(latencies, 0.95)) : null,
        errors,
        render_errors: renderErrors,
      },
    };
  } finally {
    await web.stop();
  }
}
