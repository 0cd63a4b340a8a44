import { z } from 'zod';
import { migrate, releaseDatabase, resolveDatabase } from '@/lib/platform/db-setup';
import { ensureAuthSecret, type TAuthSecretChoice } from '@/lib/access';
import { loadEnv } from '@/lib/platform/env';
import { assertPortFree, ensureBuild, serveApp, type WebServer } from '@/lib/platform/system';
import { runWorker, type RunningWorker } from '@/lib/worker';
import { parseFlags } from '../args';
import { waitForShutdown } from '../shutdown';

const step = (text: string) => console.error(`▸ ${text}`);

/**
 * `npm start`: database (embedded when DATABASE_URL is unset) → migrations → demo data on the
 * embedded database's first start → production build when missing or stale → web app + worker.
 * Ctrl-C stops everything, the embedded Postgres included.
 */
export async function startCommand(argv: string[]): Promise<number> {
  const { flags } = parseFlags(
    argv,
    { dev: { type: 'boolean' }, 'no-worker': { type: 'boolean' }, host: { type: 'string' } },
    z.object({ dev: z.boolean().optional(), 'no-worker': z.boolean().optional(), host: z.string().default('0.0.0.0') }),
  );
  const env = loadEnv();
  // Fail fast, before minutes of seeding and building, when the port is taken.
  await assertPortFree(env.PORT, flags.host);
  const started = performance.now();
  // Sessions are signed with AUTH_SECRET: required with a production database; the demo /
  // embedded mode generates one and keeps it under ATLAS_DATA_DIR (sessions survive restarts).
  let auth: TAuthSecretChoice;
  try {
    auth = ensureAuthSecret({ envSecret: process.env.AUTH_SECRET, demoMode: !env.DATABASE_URL || env.ATLAS_DEMO === 'on', dataDir: env.ATLAS_DATA_DIR });
  } catch (error) {
    console.error(`atlas start: ${(error as Error).message}`);
    return 1;
  }
  if (auth.source === 'generated') step(`Generated a session secret for demo mode (${auth.file}); set AUTH_SECRET in production`);
  step(env.DATABASE_URL ? 'Using the database in DATABASE_URL' : `Starting the embedded PostgreSQL (${env.ATLAS_DATA_DIR}/pg)`);
  const db = await resolveDatabase();
  let web: WebServer | undefined;
  let worker: RunningWorker | undefined;
  const shutdown = async () => {
    await web?.stop();
    await worker?.stop();
    await releaseDatabase(db);
  };
  try {
    const migrated = await migrate(db.url);
    step(migrated.applied.length ? `Applied ${migrated.applied.length} migration(s)` : 'Database schema is up to date');
    let demo: { email: string; password: string } | null = null;
    const wantDemo = env.ATLAS_DEMO === 'on' || (env.ATLAS_DEMO === 'auto' && !env.DATABASE_URL);
    if (wantDemo) {
      const { ensureDemo } = await import('@/lib/demo');
      demo = await ensureDemo((line) => step(line));
    }
    const childEnv = { ...process.env, DATABASE_URL: db.url, NEXT_TELEMETRY_DISABLED: '1', AUTH_SECRET: auth.secret, PORT: String(env.PORT) };
    if (!flags.dev) await ensureBuild(childEnv, () => step('Building the web app (first start or sources changed)…'));
    web = await serveApp({ port: env.PORT, hostname: flags.host, env: childEnv, dev: flags.dev });
    if (!flags['no-worker']) worker = await runWorker();
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    console.error(`\n  DMARC Atlas is running at ${web.url}  (ready in ${seconds} s)`);
    if (demo) console.error(`  Demo login: ${demo.email} / ${demo.password}`);
    else if (await (await import('@/lib/access')).setupOpen()) {
      console.error(`  First run: create the owner account at ${web.url}/setup (or \`atlas user create\`).`);
    }
    console.error(`  Health: ${web.url}/api/health — Ctrl-C to stop.\n`);
    const reason = await Promise.race([waitForShutdown(), web.exited.then(() => 'web-exit' as const)]);
    await shutdown();
    return reason === 'web-exit' ? 1 : 0;
  } catch (error) {
    await shutdown().catch(() => undefined);
    throw error;
  }
}
