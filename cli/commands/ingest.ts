import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { type IngestOutcome, type IngestReportOutcome, stringifyWithBigInt } from '@/lib/ingest';
import { parseFlags, UsageError } from '../args';
import { withDatabase } from '../with-database';

const USAGE = 'usage: atlas ingest PATH… [--json] [--concurrency N]   (files, folders recursively, mbox)';

interface FileResult {
  file: string;
  outcome?: IngestOutcome;
  /** The database failed while storing it (nothing was committed for this file). */
  crash?: string;
}

/**
 * `atlas ingest PATH…`: every file through the same pipeline as uploads and the mailbox
 * poller, several at a time. Progress on stderr (a bar on a terminal, a line every few
 * seconds otherwise), a summary at the end; exit 1 when any report or file failed.
 */
export async function ingestCommand(argv: string[]): Promise<number> {
  const { flags, positionals } = parseFlags(
    argv,
    { json: { type: 'boolean' }, concurrency: { type: 'string' } },
    z.object({ json: z.boolean().optional(), concurrency: z.coerce.number().int().min(1).max(32).default(4) }),
  );
  if (positionals.length === 0) throw new UsageError(USAGE);
  const files: string[] = [];
  for (const p of positionals) files.push(...(await collect(p)));
  if (files.length === 0) {
    console.error('atlas ingest: no files found.');
    return 1;
  }
  return withDatabase(async () => {
    const { ingestFile, ingestMany, loadLimits, compactAll, settleCompactions } = await import('@/lib/ingest');
    const progress = new Progress(files.length);
    const results: FileResult[] = new Array(files.length);
    // Small files go in batches (several reports per transaction); large ones one at a time,
    // streamed from disk.
    const threshold = loadLimits().streamThresholdBytes;
    const sizes = await Promise.all(files.map(async (f) => (await stat(f)).size));
    const large = files.map((_, i) => i).filter((i) => sizes[i] > threshold);
    const small = files.map((_, i) => i).filter((i) => sizes[i] <= threshold);
    const chunks: number[][] = [];
    for (let i = 0; i < small.length; i += SMALL_CHUNK) chunks.push(small.slice(i, i + SMALL_CHUNK));
    const tasks: Array<() => Promise<void>> = [
      ...large.map((i) => async () => {
        const file = files[i];
        try {
          results[i] = { file, outcome: await ingestFile(file, 'cli', { onRecords: (n) => progress.records(file, n) }) };
        } catch (error) {
          results[i] = { file, crash: error instanceof Error ? error.message : String(error) };
        }
        progress.done(results[i]);
      }),
      ...chunks.map((chunk) => async () => {
        const inputs = await Promise.all(chunk.map(async (i) => ({ bytes: await readFile(files[i]), name: files[i], source: 'cli' as const })));
        const done = await ingestMany(inputs);
        chunk.forEach((i, k) => {
          const r = done[k];
          results[i] = 'outcome' in r ? { file: files[i], outcome: r.outcome } : { file: files[i], crash: r.error instanceof Error ? r.error.message : String(r.error) };
          progress.done(results[i]);
        });
      }),
    ];
    let next = 0;
    const worker = async () => {
      while (next < tasks.length) await tasks[next++]();
    };
    await Promise.all(Array.from({ length: Math.min(flags.concurrency, tasks.length) }, worker));
    // Leave the rollups compacted (the worker would do it within a minute; figures are exact either way).
    await settleCompactions();
    await compactAll();
    progress.end();
    if (flags.json) console.log(stringifyWithBigInt(results.map(jsonResult), 2));
    else printSummary(results);
    return results.some((r) => r.crash || r.outcome?.reports.some((x) => x.outcome === 'failed')) ? 1 : 0;
  });
}

/** Small files read and ingested together (ingestMany commits them several per transaction). */
const SMALL_CHUNK = 256;

async function collect(p: string): Promise<string[]> {
  let info;
  try {
    info = await stat(p);
  } catch {
    throw new UsageError(`${p}: no such file or directory`);
  }
  if (info.isFile()) return [p];
  if (!info.isDirectory()) return [];
  const out: string[] = [];
  const entries = await readdir(p, { withFileTypes: true });
  for (const e of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    const full = path.join(p, e.name);
    if (e.isDirectory()) out.push(...(await collect(full)));
    else if (e.isFile()) out.push(full);
  }
  return out;
}

function jsonResult(r: FileResult) {
  if (r.crash) return { file: r.file, status: 'error', error: r.crash };
  const o = r.outcome as IngestOutcome;
  return { file: r.file, status: o.status, ingest_file_id: o.ingestFileId, ...(o.error ? { error: o.error } : {}), reports: o.reports };
}

const LABELS: Record<IngestReportOutcome, string> = {
  ingested: 'ingested', duplicate: 'duplicate', replaced: 'replaced', set_aside: 'set aside', failed: 'failed',
};

function printSummary(results: FileResult[]): void {
  const counts: Record<IngestReportOutcome, number> = { ingested: 0, duplicate: 0, replaced: 0, set_aside: 0, failed: 0 };
  const setAside = new Map<string, number>();
  const failures: string[] = [];
  let records = 0;
  for (const r of results) {
    if (r.crash) {
      failures.push(`  ${r.file}: not stored, the database failed: ${r.crash}`);
      continue;
    }
    for (const rep of (r.outcome as IngestOutcome).reports) {
      counts[rep.outcome]++;
      if (rep.outcome === 'ingested' || rep.outcome === 'replaced' || rep.outcome === 'set_aside') records += rep.records ?? 0;
      if (rep.outcome === 'set_aside' && rep.domain) setAside.set(rep.domain, (setAside.get(rep.domain) ?? 0) + 1);
      if (rep.outcome === 'failed') failures.push(`  ${rep.error ?? rep.path}${rep.errorCode ? ` [${rep.errorCode}]` : ''}`);
    }
  }
  const parts = (Object.keys(counts) as IngestReportOutcome[]).map((k) => `${counts[k].toLocaleString('en-US')} ${LABELS[k]}`);
  const out = [`${results.length.toLocaleString('en-US')} file(s): ${parts.join(', ')} (${records.toLocaleString('en-US')} records stored).`];
  if (setAside.size > 0) {
    const list = [...setAside].sort((a, b) => b[1] - a[1]).map(([d, n]) => `${d} (${n})`);
    out.push(`Set aside, no organisation owns the domain yet (atlas domain add DOMAIN --org NAME attaches them): ${list.join(', ')}`);
  }
  if (failures.length > 0) out.push('Failed (kept; atlas reprocess --failed retries them):', ...failures);
  console.log(out.join('\n'));
}

/** Progress on stderr: a redrawn bar on a terminal, a plain line every few seconds otherwise. */
class Progress {
  private readonly tty = Boolean(process.stderr.isTTY);
  private finished = 0;
  private reports = 0;
  private failed = 0;
  private current = '';
  private lastDraw = 0;
  private readonly started = Date.now();

  constructor(private readonly total: number) {}

  records(file: string, n: number): void {
    this.current = `${path.basename(file)}: ${n.toLocaleString('en-US')} records`;
    this.draw(false);
  }

  done(r: FileResult): void {
    this.finished++;
    this.current = '';
    const reps = r.outcome?.reports ?? [];
    this.reports += reps.filter((x) => x.outcome !== 'failed').length;
    if (r.crash || reps.some((x) => x.outcome === 'failed')) this.failed++;
    this.draw(this.finished === this.total);
  }

  end(): void {
    if (this.tty && this.lastDraw > 0) process.stderr.write('\n');
    else if (!this.tty) process.stderr.write(`${this.line()} in ${((Date.now() - this.started) / 1000).toFixed(1)} s\n`);
  }

  private line(): string {
    return `${this.finished}/${this.total} files, ${this.reports.toLocaleString('en-US')} reports, ${this.failed} failed${this.current ? ` — ${this.current}` : ''}`;
  }

  private draw(force: boolean): void {
    const now = Date.now();
    if (!force && now - this.lastDraw < (this.tty ? 100 : 5000)) return;
    this.lastDraw = now;
    if (!this.tty) {
      if (!force) process.stderr.write(`ingest: ${this.line()}\n`);
      return;
    }
    const width = 24;
    const filled = Math.round((this.finished / this.total) * width);
    const bar = `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}]`;
    const text = `${bar} ${this.line()}`;
    const columns = process.stderr.columns || 100;
    process.stderr.write(`\r${text.slice(0, columns - 1).padEnd(Math.min(columns - 1, text.length + 10))}`);
  }
}
