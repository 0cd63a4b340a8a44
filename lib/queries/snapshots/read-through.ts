import { getPool } from '@/lib/platform/db';
import { formatDay, type TDayWindow } from '@/lib/platform/dates';
import { log } from '@/lib/platform/log';
import { inLiveReads } from './live-reads';
import { toSnapshotJson } from './snapshot-json';

/** Which stored result a read is: its domain, name, window and other arguments. */
export interface TSnapshotKey {
  domainId: number;
  /** The read's name; change it when the read's SQL or result shape changes (old rows then never match). */
  query: string;
  window: TDayWindow;
  /** The read's remaining arguments (JSON; key order as written by the caller). */
  args: Record<string, string | number | boolean | null>;
  /** Whether the result depends on address/domain enrichment (ip_enrichment, domain_enrichment). */
  enrichment: boolean;
}

interface TLookup {
  domain_id: number;
  data: string;
  enrichment: string;
  result: string | null;
}

const VERSIONS = `
  SELECT coalesce(sum(n) FILTER (WHERE domain_id = $1), 0)::text AS data,
         coalesce(sum(n) FILTER (WHERE domain_id IS NULL), 0)::text AS enrichment
    FROM snapshot_change WHERE domain_id = $1 OR domain_id IS NULL`;

// A newer computation is never overwritten by an older one that finished later.
const STORE = `
  INSERT INTO query_snapshot AS s (domain_id, query, window_from, window_to, args, data_version, enrichment_version, computed_at, compute_ms, result)
  SELECT $1, $2, $3::date, $4::date, $5, $6::bigint, $7::bigint, now(), $8, $9::jsonb
   WHERE EXISTS (SELECT 1 FROM domain WHERE id = $1)
  ON CONFLICT (domain_id, query, window_from, window_to, args) DO UPDATE
     SET data_version = excluded.data_version, enrichment_version = excluded.enrichment_version,
         computed_at = excluded.computed_at, compute_ms = excluded.compute_ms, result = excluded.result
   WHERE s.data_version <= excluded.data_version AND s.enrichment_version <= excluded.enrichment_version`;

// Concurrent requests for the same read at the same versions in this process share one
// computation (50 clients opening the same sender map after new data compute it once). Each
// caller parses its own copy, so one caller changing its result cannot change another's.
const inFlight = new Map<string, Promise<string>>();

/**
 * The read's stored result when the domain's figures (and, if it depends on them, the address
 * enrichment) have not changed since it was computed; otherwise computes it live, stores it and
 * returns it. The versions are read BEFORE computing, so a result that already includes a
 * concurrent change is at worst stored under the older version and recomputed next time —
 * never the other way round. The caller checks the scope first: a snapshot is per domain.
 */
export async function readThrough<T>(key: TSnapshotKey, compute: () => Promise<T>): Promise<T> {
  if (inLiveReads()) return compute();
  const [found] = await lookup(key, [key.domainId]);
  return found.result !== null ? (JSON.parse(found.result) as T) : computeAndStore(key, found, compute);
}

/** Computes a read whose snapshot is missing or stale, stores it under the versions read before, and returns it. */
async function computeAndStore<T>(key: TSnapshotKey, versions: Omit<TLookup, 'result'>, compute: () => Promise<T>): Promise<T> {
  const from = formatDay(key.window.start);
  const to = formatDay(key.window.end);
  const args = JSON.stringify(key.args);
  const { data, enrichment } = versions;
  const id = [key.domainId, key.query, from, to, args, data, key.enrichment ? enrichment : ''].join('\u0000');
  const pending = inFlight.get(id);
  if (pending) return JSON.parse(await pending) as T;
  const run = (async () => {
    const t0 = performance.now();
    const value = await compute();
    const json = toSnapshotJson(value);
    const ms = Math.round(performance.now() - t0);
    try {
      await getPool().query(STORE, [key.domainId, key.query, from, to, args, data, enrichment, ms, json]);
    } catch (err) {
      // The page has its result; a snapshot that could not be stored is computed again next time.
      log.warn({ err, domainId: key.domainId, query: key.query }, 'query snapshot not stored');
    }
    return json;
  })();
  inFlight.set(id, run);
  try {
    return JSON.parse(await run) as T;
  } finally {
    inFlight.delete(id);
  }
}

/**
 * Computes one read for many argument sets in one go (e.g. a per-source read for a domain's
 * busiest sources, from one statement over all of them) and stores each result as the
 * snapshot the single read would have stored. For the refresh job; `args` of each entry must be
 * exactly what the single read passes. Returns how many snapshots were stored.
 */
export async function fillSnapshots<T>(base: Omit<TSnapshotKey, 'args'>, compute: () => Promise<{ args: TSnapshotKey['args']; value: T }[]>): Promise<number> {
  const found = await getPool().query<Omit<TLookup, 'result'>>(VERSIONS, [base.domainId]);
  const { data, enrichment } = found.rows[0];
  const t0 = performance.now();
  const entries = await compute();
  const ms = Math.round((performance.now() - t0) / Math.max(1, entries.length));
  for (const entry of entries) {
    await getPool().query(STORE, [
      base.domainId, base.query, formatDay(base.window.start), formatDay(base.window.end), JSON.stringify(entry.args), data, enrichment, ms, toSnapshotJson(entry.value),
    ]);
  }
  return entries.length;
}

// Each domain's versions (sums over snapshot_change, see schema.prisma) and the stored result if
// it was computed at exactly these versions, for one domain or several, in one round trip.
const LOOKUP = `
  WITH ids AS (SELECT DISTINCT unnest($1::int[]) AS domain_id),
  e AS (SELECT coalesce(sum(n), 0) AS enrichment FROM snapshot_change WHERE domain_id IS NULL),
  v AS (
    SELECT ids.domain_id, e.enrichment,
           coalesce((SELECT sum(c.n) FROM snapshot_change c WHERE c.domain_id = ids.domain_id), 0) AS data
      FROM ids CROSS JOIN e
  )
  SELECT v.domain_id, v.data::text AS data, v.enrichment::text AS enrichment, s.result::text AS result
    FROM v LEFT JOIN query_snapshot s
      ON s.domain_id = v.domain_id AND s.query = $2 AND s.window_from = $3::date AND s.window_to = $4::date AND s.args = $5
     AND s.data_version = v.data AND (NOT $6::boolean OR s.enrichment_version = v.enrichment)`;

/**
 * `readThrough` for one read over several domains: the stored results in one round trip, and
 * each domain whose snapshot is missing or stale computed live and stored, as `readThrough`
 * does. The caller checks the scope first.
 */
export async function readThroughMany<T>(key: Omit<TSnapshotKey, 'domainId'>, domainIds: number[], compute: (domainId: number) => Promise<T>): Promise<Map<number, T>> {
  const ids = [...new Set(domainIds)];
  if (ids.length === 0) return new Map();
  if (inLiveReads()) return new Map(await Promise.all(ids.map(async (id) => [id, await compute(id)] as const)));
  const found = await lookup(key, ids);
  return new Map(
    await Promise.all(
      found.map(async (row) => [
        row.domain_id,
        row.result !== null ? (JSON.parse(row.result) as T) : await computeAndStore({ ...key, domainId: row.domain_id }, row, () => compute(row.domain_id)),
      ] as const),
    ),
  );
}

function lookup(key: Omit<TSnapshotKey, 'domainId'>, domainIds: number[]): Promise<TLookup[]> {
  const params = [domainIds, key.query, formatDay(key.window.start), formatDay(key.window.end), JSON.stringify(key.args), key.enrichment];
  return getPool().query<TLookup>(LOOKUP, params).then((r) => r.rows);
}
