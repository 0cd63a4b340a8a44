import { prisma } from '@/lib/platform/db';

/**
 * `limit` events per `periodSeconds` for one key, with bursts of up to `burst` (default: `limit`)
 * before the steady rate applies: after a burst, one more event every `periodSeconds / limit`.
 */
export interface TRateLimitRule {
  key: string;
  limit: number;
  periodSeconds: number;
  burst?: number;
}

export type TRateLimitResult =
  | { allowed: true; remaining: number }
  | { allowed: false; retryAfterSeconds: number };

interface TRow {
  granted: Date | null;
  current: Date | null;
  now: Date;
}

function interval(rule: TRateLimitRule): { emissionMs: number; toleranceMs: number } {
  const emissionMs = (rule.periodSeconds * 1000) / rule.limit;
  return { emissionMs, toleranceMs: emissionMs * (rule.burst ?? rule.limit) };
}

/**
 * Takes one event from the key's allowance, or refuses: GCRA (the generic cell rate algorithm)
 * on one row per key in Postgres, so every web process shares the count. Checking and counting
 * are one statement (an upsert whose update is conditional), so concurrent requests queue on
 * the row lock and exactly `burst` of a simultaneous flood get through. Written here rather than
 * taken from a library: the npm limiters keep their state in memory or Redis, and Postgres is
 * this product's only store.
 */
export async function consumeRateLimit(rule: TRateLimitRule): Promise<TRateLimitResult> {
  const { emissionMs, toleranceMs } = interval(rule);
  const rows = await prisma().$queryRaw<TRow[]>`
    WITH attempt AS (
      INSERT INTO rate_limit (key, tat) VALUES (${rule.key}, clock_timestamp() + make_interval(secs => ${emissionMs / 1000}::double precision))
      ON CONFLICT (key) DO UPDATE
        SET tat = greatest(rate_limit.tat, clock_timestamp()) + make_interval(secs => ${emissionMs / 1000}::double precision)
        WHERE greatest(rate_limit.tat, clock_timestamp()) + make_interval(secs => ${emissionMs / 1000}::double precision)
              <= clock_timestamp() + make_interval(secs => ${toleranceMs / 1000}::double precision)
      RETURNING tat
    )
    SELECT (SELECT tat FROM attempt) AS granted, (SELECT tat FROM rate_limit WHERE key = ${rule.key}) AS current, clock_timestamp() AS now`;
  const row = rows[0]!;
  if (Math.random() < 0.01) void sweepExpired();
  const now = row.now.getTime();
  if (row.granted) {
    return { allowed: true, remaining: Math.max(0, Math.floor((toleranceMs - (row.granted.getTime() - now)) / emissionMs)) };
  }
  const current = row.current?.getTime() ?? now;
  const waitMs = current + emissionMs - toleranceMs - now;
  return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(waitMs / 1000)) };
}

/** Gives one event back (e.g. a sign-in that turned out to be the right password). */
export async function refundRateLimit(rule: TRateLimitRule): Promise<void> {
  const { emissionMs } = interval(rule);
  await prisma().$executeRaw`
    UPDATE rate_limit SET tat = tat - make_interval(secs => ${emissionMs / 1000}::double precision) WHERE key = ${rule.key}`;
}

/** A row whose time has passed means "nothing counted": dropping it changes no decision. */
async function sweepExpired(): Promise<void> {
  await prisma()
    .$executeRaw`DELETE FROM rate_limit WHERE tat < now() - interval '1 hour'`
    .catch(() => undefined);
}
