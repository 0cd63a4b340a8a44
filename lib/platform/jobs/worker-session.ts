/**
 * How a worker's heartbeat connection names itself in `pg_stat_activity`: the worker beats on it
 * (lib/worker/heartbeat.ts), the health check counts it (lib/queries/health/check-database.ts).
 */
export const WORKER_APPLICATION_NAME = 'atlas-worker';
