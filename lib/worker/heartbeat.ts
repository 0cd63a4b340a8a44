import pg from 'pg';
import { databaseUrl } from '@/lib/platform/db';
import { log } from '@/lib/platform/log';
import { WORKER_APPLICATION_NAME, type WorkerService } from '@/lib/platform/jobs';
const INTERVAL_MS = 10_000;

/**
 * The worker says it is alive without writing: a connection of its own, named in
 * `pg_stat_activity`, runs `SELECT 1` every 10 s, and the health check counts the named sessions
 * whose state changed in the last 30 s (a stuck worker stops beating and drops out). A row
 * updated every 10 s did the same job, but every write moves the database snapshot, and the web
 * processes' page cache renders its pages again whenever that moves (lib/platform/web/page-cache.ts).
 */
export const heartbeatService: WorkerService = {
  name: 'heartbeat',
  async start() {
    let client: pg.Client | null = null;
    const connect = async () => {
      // A server that does not answer fails the beat rather than holding it past the next one.
      const fresh = new pg.Client({ connectionString: databaseUrl(), application_name: WORKER_APPLICATION_NAME, connectionTimeoutMillis: INTERVAL_MS });
      // A lost connection (the server restarting) is replaced at the next beat.
      fresh.on('error', () => undefined);
      fresh.on('end', () => {
        if (client === fresh) client = null;
      });
      await fresh.connect();
      return fresh;
    };
    const beat = async () => {
      try {
        client ??= await connect();
        await client.query('SELECT 1');
      } catch (error) {
        log.warn({ err: error }, 'worker heartbeat failed');
        const broken = client;
        client = null;
        await broken?.end().catch(() => undefined);
      }
    };
    // One beat at a time: two beats connecting at once would each open a session, and one
    // would be left open (counted as a live worker) after the stop.
    let beating: Promise<void> | null = null;
    const tick = () => (beating ??= beat().finally(() => (beating = null)));
    await tick();
    const timer = setInterval(() => void tick(), INTERVAL_MS);
    return async () => {
      clearInterval(timer);
      // A beat still connecting would otherwise open a session after the stop.
      await beating;
      await client?.end().catch(() => undefined);
    };
  },
};
