import PgBoss from 'pg-boss';
import { databaseUrl } from '@/lib/platform/db';
import { log } from '@/lib/platform/log';

// pg-boss is the one job runner: queues, cron schedules and singleton jobs live in Postgres
// (schema `pgboss`), so any number of workers coordinate with SKIP LOCKED and no other broker.
export async function startBoss(): Promise<PgBoss> {
  const boss = new PgBoss({ connectionString: databaseUrl(), schema: 'pgboss', max: 4 });
  boss.on('error', (error) => log.error({ err: error }, 'job runner error'));
  await boss.start();
  return boss;
}
