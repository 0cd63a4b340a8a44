import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { useTestDatabase } from '../../helpers/db';

// `atlas bench --dashboard-only` as a user runs it, with a tiny data set: it builds the tables,
// times every page query, loads the overview over HTTP and runs the concurrent clients, and
// prints every key issue 18 names. The figures themselves are the bench's business, not a test's.

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, '../../..');

const PAGE_QUERIES = [
  'overview_domains', 'overview_series', 'overview_domain_cards', 'domain_find', 'domain_summary', 'domain_series', 'domain_source_days', 'domain_countries',
  'domain_reporters', 'sender_map', 'sender_map_listings', 'sender_map_ip_health', 'source_addresses', 'source_days',
  'source_auth_results', 'source_reporters', 'reporters_domains', 'reporters', 'reports_list',
];

describe('atlas bench: the dashboard part', () => {
  it('builds a small data set through the fast path and prints every dashboard key', async () => {
    // The bench makes (and drops) a database of its own on this server.
    const url = await useTestDatabase();
    const { stdout } = await run(
      process.execPath,
      [path.join(root, 'bin/atlas.mjs'), 'bench', '--dashboard-only', '--dashboard-records', '3000', '--dashboard-seconds', '10', '--json'],
      { cwd: root, env: { ...process.env, DATABASE_URL: url, ATLAS_LOG_LEVEL: 'warn' }, maxBuffer: 16 << 20 },
    );
    const result = JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}') as {
      dashboard: {
        records: number;
        queries: Record<string, { p50_ms: number; p95_ms: number }>;
        overview_http_ms: number;
        concurrent: { p95_ms: number | null; errors: number; requests: number; cache_hits: number; users: number; page_cache: boolean };
        concurrent_uncached: { p95_ms: number | null; errors: number; requests: number; cache_hits: number; users: number; page_cache: boolean };
        targets: { query_p95_ms: number; overview_http_ms: number; concurrent_p95_ms: number; concurrent_errors: number };
      };
    };
    const d = result.dashboard;
    // 6 domains × 8 reporters × 90 days of reports, at least one record each.
    expect(d.records).toBeGreaterThanOrEqual(3000);
    expect(Object.keys(d.queries).sort()).toEqual([...PAGE_QUERIES].sort());
    for (const q of Object.values(d.queries)) {
      expect(q.p50_ms).toBeGreaterThanOrEqual(0);
      expect(q.p95_ms).toBeGreaterThanOrEqual(q.p50_ms);
    }
    expect(d.overview_http_ms).toBeGreaterThan(0);
    // Requests still in flight when the window closes are not counted: on a loaded machine none
    // may complete, and then there is no p95 to give (null), which the bench must still print.
    expect(d.concurrent.requests).toBeGreaterThanOrEqual(0);
    expect('p95_ms' in d.concurrent).toBe(true);
    if (d.concurrent.requests > 0) expect(d.concurrent.p95_ms).toBeGreaterThan(0);
    expect(Number.isInteger(d.concurrent.errors) && d.concurrent.errors >= 0).toBe(true);
    // Fifty users, each on one client; as installed (page cache on), and the baseline with it off.
    expect(d.concurrent).toMatchObject({ users: 50, page_cache: true });
    expect(d.concurrent.cache_hits).toBeLessThanOrEqual(d.concurrent.requests);
    expect(d.concurrent_uncached).toMatchObject({ users: 50, page_cache: false, cache_hits: 0 });
    expect('p95_ms' in d.concurrent_uncached).toBe(true);
    expect(d.targets).toEqual({ query_p95_ms: 200, overview_http_ms: 1000, concurrent_p95_ms: 500, concurrent_errors: 0, met: expect.any(Boolean) });
  }, 900_000);
});
