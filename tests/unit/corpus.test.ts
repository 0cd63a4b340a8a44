import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { detectContainer } from '@/lib/ingest/containers/detect';
import { DEFAULT_LIMITS } from '@/lib/ingest/limits';
import { isParseError, parseFile } from '@/lib/ingest/parse-file';
import { isFailure, unwrap } from '@/lib/ingest/containers/unwrap';
import { xmlBytes } from '@/lib/ingest/containers/xml-source';
import { parseReportFast } from '@/lib/ingest/parse/parse';
import { parseReportStreaming, summariseStreaming } from '@/lib/ingest/parse/parse-stream';
import type { TReport } from '@/lib/ingest/parse/schema';
import { summarise, type ReportFigures } from '@/lib/ingest/parse/summary';

/**
 * Every figure of every report of every file in the shared corpus of real reports, through
 * both parse paths, must be exactly what corpus/manifest.json says.
 */

const corpusDir = path.resolve(import.meta.dirname, '../..', '../shared/corpus');
const manifestPath = path.join(corpusDir, 'manifest.json');
const haveCorpus = existsSync(manifestPath);

interface ManifestEntry {
  file: string;
  container: string;
  reports: Array<Record<string, unknown>>;
  malformed: string | null;
  recoverable: boolean | null;
  notes: string | null;
}

const manifest: ManifestEntry[] = haveCorpus ? JSON.parse(readFileSync(manifestPath, 'utf8')) : [];

type Outcome = { report: TReport } | { error: { code: string; message: string } };

async function both(xml: Buffer): Promise<[Outcome, Outcome]> {
  const run = async (f: () => TReport | Promise<TReport>): Promise<Outcome> => {
    try {
      return { report: await f() };
    } catch (err) {
      const e = err as { code?: string; message: string };
      return { error: { code: e.code ?? 'thrown', message: e.message } };
    }
  };
  // A small batch size makes the streaming path cross batch boundaries even on small reports.
  return [await run(() => parseReportFast(xml)), await run(() => parseReportStreaming(xml, { batchSize: 3 }))];
}

/** Figures with bigints as numbers, restricted to the manifest's fields. */
function comparable(f: ReportFigures, keys: string[]): Record<string, unknown> {
  const all = f as unknown as Record<string, unknown>;
  return Object.fromEntries(keys.map((k) => [k, typeof all[k] === 'bigint' ? Number(all[k]) : all[k]]));
}

describe.skipIf(!haveCorpus)('corpus of real reports (shared/corpus/manifest.json)', () => {
  if (!haveCorpus) console.warn(`corpus test skipped: ${manifestPath} not found`);

  it('has the 94 files the manifest lists', () => {
    expect(manifest.length).toBeGreaterThan(0);
    for (const e of manifest) expect(existsSync(path.join(corpusDir, 'reports', e.file)), e.file).toBe(true);
  });

  for (const entry of manifest) {
    const label = entry.malformed === null ? entry.file : `${entry.file} (malformed, recoverable: ${entry.recoverable})`;

    it(label, async () => {
      const data = readFileSync(path.join(corpusDir, 'reports', entry.file));
      expect(detectContainer(data), 'container detected by content').toBe(entry.container);

      const items = await unwrap(data, entry.file, DEFAULT_LIMITS);
      const figures: ReportFigures[] = [];
      const failures: string[] = [];
      for (const item of items) {
        if (isFailure(item)) {
          failures.push(`${item.error.code}: ${item.error.message}`);
          continue;
        }
        const xml = await xmlBytes(item.xml);
        const [fast, streamed] = await both(xml);
        if ('report' in fast && 'report' in streamed) {
          // The two paths must agree on everything, not only on the figures.
          expect(streamed.report, `${item.path}: streaming path = fast path`).toEqual(fast.report);
          const fromStream = await summariseStreaming(item.xml.open());
          expect(fromStream.figures).toEqual(summarise(fast.report));
          figures.push(summarise(fast.report));
        } else {
          expect('error' in fast && 'error' in streamed, `${item.path}: one path failed, the other did not: ${JSON.stringify([fast, streamed])}`).toBe(true);
          const e = 'error' in fast ? fast.error : null;
          failures.push(`${e?.code}: ${e?.message}`);
        }
      }

      if (entry.malformed === null) {
        expect(failures, 'a clean file must read without failures').toEqual([]);
      } else {
        expect(entry.recoverable).not.toBeNull();
        if (entry.recoverable === false) {
          expect(figures, 'an unrecoverable file yields no report').toEqual([]);
        }
        if (figures.length === 0) {
          expect(failures.length, 'a rejected file says why').toBeGreaterThan(0);
          for (const f of failures) expect(f).toMatch(/^[a-z_]+(\.[a-z_]+)?: .{10,}/);
        }
      }

      // Repaired (recoverable) files must then match every figure; clean files always.
      if (figures.length > 0 || entry.malformed === null) {
        const keys = Object.keys(entry.reports[0] ?? {});
        expect(figures.map((f) => comparable(f, keys))).toEqual(entry.reports);
      }

      // What `atlas parse --json` prints for this file.
      const printed = await parseFile(data, `reports/${entry.file}`, DEFAULT_LIMITS);
      const printedFigures = printed.filter((r) => !isParseError(r));
      expect(printedFigures).toHaveLength(figures.length);
      expect(printed.some(isParseError)).toBe(failures.length > 0);
      for (const r of printed) expect(r.file).toBe(`reports/${entry.file}`);
    });
  }
});
