import type pg from 'pg';
import type { BlobSource } from '@/lib/ingest/store/blob';
import { INLINE_INSERT_MAX } from '@/lib/ingest/store/blob';
import { openIngestFiles, type BatchFile } from '@/lib/ingest/store/ingest-file-batch';
import { finishIngestFiles, type FinishedIngestFile, type OpenedIngestFile } from '@/lib/ingest/store/ingest-file-row';
import { admitFor } from '@/lib/ingest/store/admit-for-organization';
import { dedupeKeyOf, domainLockName, reportLockName } from '@/lib/ingest/store/report-key';
import { BatchReportFailed, storeParsedBatch, type BatchReport } from '@/lib/ingest/store/store-parsed-batch';
import {
  asIngestError, concludeInput, failedResult, isInfrastructureError, storedResult,
  type IngestOptions, type IngestOutcome, type PreparedInput, type ReportPart,
} from './pipeline';

export interface FoldInput {
  index: number;
  input: PreparedInput;
}

/** An input of a folded batch failed on its own: rolled back with the batch, it is to be run alone. */
export class FoldInputFailed extends Error {
  constructor(
    readonly input: FoldInput,
    readonly failure: unknown,
  ) {
    super(failure instanceof Error ? failure.message : String(failure));
  }
}

interface Candidate {
  at: FoldInput;
  part: ReportPart & { parsed: NonNullable<ReportPart['parsed']> };
  reportLock: string;
  domainLock: string;
  /** Same bytes and same name: a second attempt at the same input. */
  fileKey: string;
}

/**
 * processInput for the batch's plain inputs at once — one small report each, parsed, its
 * bytes and XML small enough to send inline — in a handful of statements for the whole batch
 * (ingest_file rows and blobs, one look-up, one insert, one COPY, one rollup, one update of
 * the rows) instead of four or more per input. Whatever processInput would do differently
 * is left to it: inputs of several reports, failed parts, large ones, and an input whose
 * report key or (bytes, name) an earlier input of the batch shares — those come back in
 * `rest`, in order, to be processed one by one after the fold, so that they see the folded
 * inputs as processInput run in order would have.
 *
 * Throws FoldInputFailed when one input's report fails on its own (the caller rolls back and
 * runs that input alone); any other error is the batch's (a value Postgres refused in a
 * multi-row statement names no input: the caller runs the batch again one by one).
 */
export async function foldInputs(client: pg.ClientBase, batch: FoldInput[], options: IngestOptions): Promise<{ outcomes: Map<number, IngestOutcome>; rest: FoldInput[] }> {
  const { fold, rest } = chooseFoldable(batch);
  const outcomes = new Map<number, IngestOutcome>();
  if (fold.length === 0) return { outcomes, rest };

  const blobs = new Map<string, BlobSource>();
  for (const c of fold) {
    blobs.set(c.at.input.blob.sha256, c.at.input.blob);
    if (c.part.blob) blobs.set(c.part.blob.sha256, c.part.blob);
  }
  const files: BatchFile[] = fold.map((c) => ({ sha256: c.at.input.blob.sha256, name: c.at.input.name, source: c.at.input.source, mailboxId: c.at.input.mailboxId }));
  const opened = await openIngestFiles(client, [...blobs.values()], files, fold.map((c) => ({ report: c.reportLock, domain: c.domainLock })));

  // Bytes another transaction committed after the statement began are not visible to it: such
  // an input (its locks are held, harmlessly) is opened alone by processInput afterwards.
  const ready: Array<{ c: Candidate; fileId: bigint; earlier: OpenedIngestFile['earlier']; xmlBlobId: bigint }> = [];
  const late: FoldInput[] = [];
  fold.forEach((c, i) => {
    const file = opened.files[i];
    const xmlBlobId = c.part.blob ? opened.blobIds.get(c.part.blob.sha256) : file?.blobId;
    if (!file || xmlBlobId === undefined) late.push(c.at);
    else ready.push({ c, fileId: file.fileId, earlier: file.earlier, xmlBlobId });
  });

  const admit = options.organizationId === undefined ? undefined : admitFor(options.organizationId);
  const items: BatchReport[] = ready.map(({ c, fileId, xmlBlobId }) => ({
    report: c.part.parsed,
    xml: { sha256: c.part.sha256, blobId: xmlBlobId },
    options: { ingestFileId: fileId, trustSameBytes: true, savepoint: false, locked: true, mail: c.part.mail, actor: options.actor, admit },
  }));
  let stored;
  try {
    stored = await storeParsedBatch(client, items);
  } catch (err) {
    if (err instanceof BatchReportFailed) {
      if (isInfrastructureError(err.failure)) throw err.failure;
      throw new FoldInputFailed(ready[err.item].c.at, err.failure);
    }
    throw err;
  }

  const finished: FinishedIngestFile[] = [];
  ready.forEach(({ c, fileId, earlier }, i) => {
    const s = stored[i];
    const { row, outcome } = concludeInput(fileId, ['error' in s ? failedResult(c.part.path, asIngestError(s.error)) : storedResult(c.part.path, s)], earlier);
    finished.push(row);
    outcomes.set(c.at.index, outcome);
  });
  await finishIngestFiles(client, finished);
  return { outcomes, rest: [...late, ...rest] };
}

/** The plain inputs, each report key and each (bytes, name) once; the rest in order. */
function chooseFoldable(batch: FoldInput[]): { fold: Candidate[]; rest: FoldInput[] } {
  const fold: Candidate[] = [];
  const rest: FoldInput[] = [];
  const seen = new Set<string>();
  for (const at of batch) {
    const c = candidate(at);
    if (!c || seen.has(c.reportLock) || seen.has(c.fileKey)) {
      rest.push(at);
      // A later input sharing a key with this one must come after it: it goes one by one too.
      for (const p of at.input.parts) if ('parsed' in p && p.parsed) seen.add(reportLockName(dedupeKeyOf(p.parsed)));
      seen.add(`${at.input.blob.sha256}\u0000${at.input.name}`);
      continue;
    }
    seen.add(c.reportLock);
    seen.add(c.fileKey);
    fold.push(c);
  }
  return { fold, rest };
}

function candidate(at: FoldInput): Candidate | null {
  const { input } = at;
  if (input.parts.length !== 1 || input.blob.size > INLINE_INSERT_MAX) return null;
  const part = input.parts[0];
  if (!('parsed' in part) || part.streamed || part.parsed === null) return null;
  if (part.blob && part.blob.size > INLINE_INSERT_MAX) return null;
  const key = dedupeKeyOf(part.parsed);
  return {
    at, part: part as Candidate['part'], reportLock: reportLockName(key), domainLock: domainLockName(key.policyDomain),
    fileKey: `${input.blob.sha256}\u0000${input.name}`,
  };
}
