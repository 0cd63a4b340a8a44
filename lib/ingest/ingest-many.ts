import type pg from 'pg';
import { log } from '@/lib/platform/log';
import { loadLimits, type Limits } from './limits';
import {
  firstReportLock, isInfrastructureError, prepareSource, processInput, runInput, streamsReports,
  type IngestInput, type IngestOptions, type IngestOutcome, type PreparedInput,
} from './pipeline';
import { bufferSource } from '@/lib/ingest/containers/byte-source';
import { Workspace } from '@/lib/ingest/containers/workspace';
import { abandonDailyBatch, beginDailyBatch, flushDailyBatch } from '@/lib/ingest/store/rollup';
import { withTransaction } from '@/lib/ingest/store/transaction';
import { FoldInputFailed, foldInputs } from './fold-inputs';

/** What became of one input of a batch: its outcome, or the error that kept it from being stored. */
export type IngestManyResult = { outcome: IngestOutcome } | { error: unknown };

/** Inputs per transaction, at most. */
const MAX_BATCH_INPUTS = 64;
/** Input bytes per transaction, at most (parsed reports wait in memory until their batch runs). */
const MAX_BATCH_BYTES = 8 << 20;
/** Batches stored at the same time. */
const LANES = 4;

interface Prepared {
  index: number;
  input: PreparedInput;
}

/**
 * Many inputs (a mailbox's new messages, a folder, an upload of many files) with several
 * small ones committed per transaction: one commit, one WAL flush and no idle round trips per
 * report. When a report of the batch fails, the batch is rolled back and stored again with a
 * savepoint per input, and the failing input runs alone (recording the failure with its
 * bytes, as ingestBuffer does): one bad report never takes the others with it and nothing is
 * lost. Inputs holding a large (streamed) report run alone, as ever. A batch touching the
 * same days as another cannot deadlock on them (domain_daily is written once per batch, in
 * key order) and takes its reports' locks in key order. A few batches are in flight at once:
 * while one waits for Postgres, the next is parsed.
 *
 * Results come back in input order. An input's result is an error only when the database
 * failed: then nothing of its batch was committed and it can simply be tried again.
 */
export async function ingestMany(inputs: IngestInput[], options: IngestOptions = {}): Promise<IngestManyResult[]> {
  const limits = loadLimits();
  const results: IngestManyResult[] = new Array(inputs.length);
  const groups = groupInputs(inputs);
  // A few batches in flight, each its own transaction: a batch mostly waits for round trips,
  // and batches of different reports are independent (domain_daily is written in key order).
  let next = 0;
  const lane = async () => {
    while (next < groups.length) {
      const group = groups[next++];
      // One scratch space per batch: its memory allowance bounds what the batch's unpacked
      // inputs hold (as one input's does); the rest spills to files read until the batch is stored.
      const workspace = new Workspace();
      try {
        await storeGroup(await prepareGroup(inputs, group, limits, workspace, options), results, options);
      } finally {
        await workspace.dispose();
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(LANES, groups.length) }, lane));
  return results;
}

/** Consecutive runs of inputs, bounded in count and bytes. */
function groupInputs(inputs: IngestInput[]): number[][] {
  const groups: number[][] = [];
  let group: number[] = [];
  let bytes = 0;
  inputs.forEach((input, i) => {
    if (group.length > 0 && (group.length >= MAX_BATCH_INPUTS || bytes + input.bytes.length > MAX_BATCH_BYTES)) {
      groups.push(group);
      group = [];
      bytes = 0;
    }
    group.push(i);
    bytes += input.bytes.length;
  });
  if (group.length > 0) groups.push(group);
  return groups;
}

/** Unwraps and parses a group's inputs, yielding to the event loop between them. */
async function prepareGroup(
  inputs: IngestInput[], indexes: number[], limits: Limits, workspace: Workspace, options: IngestOptions,
): Promise<Prepared[]> {
  const out: Prepared[] = [];
  for (const index of indexes) {
    await new Promise((resolve) => setImmediate(resolve));
    const input = inputs[index];
    const prepared = await prepareSource(bufferSource(input.bytes), input.name, limits, workspace, options);
    out.push({ index, input: { ...prepared, source: input.source, mailboxId: input.mailboxId ?? null } });
  }
  return out;
}

async function storeGroup(group: Prepared[], results: IngestManyResult[], options: IngestOptions): Promise<void> {
  const alone = group.filter((p) => streamsReports(p.input));
  const together = group.filter((p) => !streamsReports(p.input)).sort((a, b) => (firstReportLock(a.input) < firstReportLock(b.input) ? -1 : 1));
  if (together.length > 0) {
    // Optimistic first: no savepoint per input (two round trips less each). When an input
    // fails, the batch is rolled back and run again with a savepoint per input, that input alone.
    const first = await storeBatch(together, results, options, 'fold');
    if (first.failed) {
      alone.push(first.failed);
      const second = await storeBatch(together.filter((p) => p !== first.failed), results, options, 'savepoints');
      alone.push(...second.retry);
    } else if (first.unattributed) {
      // A multi-row statement failed without naming an input: one by one, each in a savepoint.
      const second = await storeBatch(together, results, options, 'savepoints');
      alone.push(...second.retry);
    }
  }
  // Alone: large inputs, and inputs whose report failed in the batch (their failure is recorded
  // with the input's bytes in their own transaction, as ingestBuffer does).
  for (const p of alone) {
    try {
      results[p.index] = { outcome: await runInput(p.input, null, options) };
    } catch (error) {
      results[p.index] = { error };
    }
  }
}

interface BatchRun {
  /** Without savepoints: the input whose failure rolled the batch back. */
  failed: Prepared | null;
  /** Folded: a statement of the whole batch failed (not the database): which input, unknown. */
  unattributed: boolean;
  /** With savepoints: inputs rolled back to their savepoint, to run alone. */
  retry: Prepared[];
}

/**
 * One transaction for these inputs; sets their results unless the batch is to be run again.
 * Folded (the first try): the plain inputs in a few statements for the whole batch
 * (fold-inputs.ts), the others one by one after them, no savepoints. With savepoints (after
 * a failure): one by one, each in its own savepoint.
 */
async function storeBatch(batch: Prepared[], results: IngestManyResult[], options: IngestOptions, mode: 'fold' | 'savepoints'): Promise<BatchRun> {
  const run: BatchRun = { failed: null, unattributed: false, retry: [] };
  if (batch.length === 0) return run;
  const savepoints = mode === 'savepoints';
  try {
    const outcomes = await withTransaction(async (client) => {
      run.failed = null;
      run.unattributed = false;
      run.retry = [];
      await beginDailyBatch(client);
      try {
        const out = new Map<number, IngestOutcome>();
        let oneByOne = batch;
        if (!savepoints) {
          try {
            const folded = await foldInputs(client, batch, options);
            for (const [index, outcome] of folded.outcomes) out.set(index, outcome);
            oneByOne = folded.rest as Prepared[];
          } catch (err) {
            if (err instanceof FoldInputFailed) run.failed = err.input as Prepared;
            else if (!isInfrastructureError(err)) run.unattributed = true;
            throw err;
          }
        }
        for (const p of oneByOne) {
          const process = () => processInput(client, p.input, null, options, []);
          if (savepoints) {
            const outcome = await inSavepoint(client, process);
            if (outcome === null) run.retry.push(p);
            else out.set(p.index, outcome);
            continue;
          }
          try {
            out.set(p.index, await process());
          } catch (err) {
            if (!isInfrastructureError(err)) run.failed = p;
            throw err;
          }
        }
        await flushDailyBatch(client);
        return out;
      } finally {
        abandonDailyBatch(client);
      }
    });
    for (const [index, outcome] of outcomes) results[index] = { outcome };
  } catch (error) {
    if (run.failed || run.unattributed) return run;
    log.warn({ err: error, inputs: batch.length }, 'a batch of inputs could not be stored (the database failed): nothing of it was committed');
    for (const p of batch) results[p.index] = { error };
  }
  return run;
}

/** Runs `fn` in a savepoint; on a failure of its own (not the database's) rolls it back and returns null. */
async function inSavepoint<T>(client: pg.ClientBase, fn: () => Promise<T>): Promise<T | null> {
  await client.query('SAVEPOINT atlas_input');
  try {
    const result = await fn();
    await client.query('RELEASE SAVEPOINT atlas_input');
    return result;
  } catch (err) {
    if (isInfrastructureError(err)) throw err;
    // One round trip: two statements in one simple query.
    await client.query('ROLLBACK TO SAVEPOINT atlas_input; RELEASE SAVEPOINT atlas_input');
    return null;
  }
}
