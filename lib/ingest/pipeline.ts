import { stat } from 'node:fs/promises';
import type pg from 'pg';
import type { IngestSource, IngestStatus } from '@/lib/platform/db';
import { collectsRecords, parseReport, reportEvents } from '@/lib/ingest/parse/parse-report';
import type { TReport } from '@/lib/ingest/parse/schema';
import { blobFromBytes, blobFromFile, blobFromStream, PendingBlobs, type BlobSource } from '@/lib/ingest/store/blob';
import { bufferSource, fileSourceOfSize, type ByteSource } from '@/lib/ingest/containers/byte-source';
import { Workspace } from '@/lib/ingest/containers/workspace';
import { createMailVerifier } from '@/lib/ingest/authenticity/verify-mail';
import type { TMailEvidence, TVerifyMail } from '@/lib/ingest/authenticity/mail-evidence';
import type { TAuditActor } from '@/lib/platform/audit';
import { admitFor } from '@/lib/ingest/store/admit-for-organization';
import { IngestError, messageAt, toIngestError } from './errors';
import { finishIngestFile, openIngestFile, type FinishedIngestFile, type IngestFileSummary } from '@/lib/ingest/store/ingest-file-row';
import { loadLimits, type Limits } from './limits';
import { dedupeKeyOf, domainLockName, reportLockName } from '@/lib/ingest/store/report-key';
import { storeReport, type ReportSource, type StoredReport } from '@/lib/ingest/store/store-report';
import { sqlState, withTransaction } from '@/lib/ingest/store/transaction';
import { isFailure, unwrap, type UnwrappedXml } from '@/lib/ingest/containers/unwrap';
import { requestCompaction } from '@/lib/ingest/maintenance/compact-rollups';

export type IngestReportOutcome = 'ingested' | 'duplicate' | 'replaced' | 'set_aside' | 'failed';
export type IngestFileStatus = 'ingested' | 'duplicate' | 'set_aside' | 'partial' | 'failed';

/** The fate of one report (or of one part that could not be read) found in an input. */
export interface IngestReportResult {
  /** Where in the input: "mail.eml › report.zip › a.xml". */
  path: string;
  outcome: IngestReportOutcome;
  reportId?: string;
  orgName?: string;
  /** The policy domain, normalised (lower case, no trailing dot). */
  domain?: string;
  records?: number;
  error?: string;
  errorCode?: string;
  /** report.id of the stored report, as a string (JSON-safe). */
  reportRowId?: string;
}

export interface IngestOutcome {
  ingestFileId: bigint;
  status: IngestFileStatus;
  reports: IngestReportResult[];
  /** The first failure's message when status is failed or partial. */
  error?: string;
}

export interface IngestInput {
  bytes: Buffer;
  /** File path, upload name, or mailbox + UID: what a person needs to find the input again. */
  name: string;
  source: IngestSource;
  mailboxId?: number;
}

export interface IngestOptions {
  /** Records stored so far of the large report being streamed (for progress bars). */
  onRecords?: (stored: number) => void;
  /**
   * The organisation an API token or a session writes for: a report for a domain it does not
   * own is refused, never attached elsewhere or set aside (the answer must not tell whether
   * another organisation has it). Absent for the operator's CLI and for mailboxes, which route
   * by domain ownership.
   */
  organizationId?: number;
  /** Named in the audit log when a report is replaced. */
  actor?: TAuditActor;
  /** Checks the mails met (DKIM); the default verifier uses the product's resolver (ATLAS_DNS_SERVERS). */
  verifyMail?: TVerifyMail;
}

export interface ReportPart {
  path: string;
  sha256: string;
  /** Null when the XML is the input itself (its blob is stored once). */
  blob: BlobSource | null;
  /** Parsed while it is stored (large): its failure is rolled back to a savepoint. */
  streamed: boolean;
  /** The report, when parsed before any database work (ordinary reports). */
  parsed: TReport | null;
  mail: TMailEvidence | null;
  /** A fresh source each call: a deadlock retry replays the input from the start. */
  open(): ReportSource;
}

interface FailedPart {
  path: string;
  error: IngestError;
}

type Part = ReportPart | FailedPart;

/** An input unwrapped and (for ordinary reports) parsed, before any database work. */
export interface PreparedInput {
  name: string;
  source: IngestSource;
  mailboxId: number | null;
  blob: BlobSource;
  parts: Part[];
}

/**
 * THE entry point of every input (CLI, upload, HTTP API, IMAP poller): stores the input's
 * bytes once (raw_blob), records the attempt (ingest_file), unwraps it, parses each report
 * and stores each one atomically (dedupe, domain routing, records by COPY, rollups). A part
 * that cannot be read or stored is recorded with its reason and never blocks the others.
 * Everything commits together when the call returns; it throws only when the database
 * itself fails (then nothing was committed and the input can simply be tried again).
 */
export async function ingestBuffer(input: IngestInput, options: IngestOptions = {}): Promise<IngestOutcome> {
  return ingestSource(bufferSource(input.bytes), { name: input.name, source: input.source, mailboxId: input.mailboxId ?? null }, options);
}

/**
 * `ingestBuffer` for a file on disk: read as needed, never whole (a large plain-XML file
 * streams from disk into COPY; a zip is read by offset; only an e-mail is read into memory).
 */
export async function ingestFile(
  path: string,
  source: IngestSource,
  options: IngestOptions & { mailboxId?: number } = {},
): Promise<IngestOutcome> {
  const info = await stat(path);
  if (!info.isFile()) throw new IngestError('input.not_a_file', `${path} is not a file.`);
  return ingestSource(fileSourceOfSize(path, info.size), { name: path, source, mailboxId: options.mailboxId ?? null }, options);
}

/** Any input: bytes in memory, a file, an upload spooled to disk. */
export async function ingestSource(
  input: ByteSource,
  row: { name: string; source: IngestSource; mailboxId: number | null },
  options: IngestOptions = {},
): Promise<IngestOutcome> {
  const workspace = new Workspace();
  try {
    const prepared = await prepareSource(input, row.name, loadLimits(), workspace, options);
    return await runInput({ ...prepared, source: row.source, mailboxId: row.mailboxId }, null, options);
  } finally {
    await workspace.dispose();
  }
}

/** Re-runs a stored input on its existing ingest_file row (atlas reprocess --failed). */
export async function reingestStored(
  ingestFileId: bigint,
  input: { bytes: ByteSource; name: string; source: IngestSource; mailboxId: number | null },
  options: IngestOptions = {},
): Promise<IngestOutcome> {
  const workspace = new Workspace();
  try {
    const prepared = await prepareSource(input.bytes, input.name, loadLimits(), workspace, options);
    return await runInput({ ...prepared, source: input.source, mailboxId: input.mailboxId }, ingestFileId, options);
  } finally {
    await workspace.dispose();
  }
}

let defaultVerifier: TVerifyMail | null = null;

/** Stores the input's bytes' description, unwraps it and parses its reports; nothing touches the database yet. */
export async function prepareSource(
  input: ByteSource,
  name: string,
  limits: Limits,
  workspace: Workspace,
  options: IngestOptions,
): Promise<Omit<PreparedInput, 'source' | 'mailboxId'>> {
  const blob = input.buffer ? blobFromBytes(input.buffer) : await blobFromFile(input.path as string, input.size);
  const verifyMail = options.verifyMail ?? (defaultVerifier ??= createMailVerifier());
  const parts: Part[] = [];
  for (const item of await unwrap(input, name, limits, { workspace, verifyMail })) {
    if (isFailure(item)) parts.push({ path: item.path, error: item.error });
    else parts.push(await reportPart(item, blob, limits));
  }
  return { name, blob, parts };
}

async function reportPart(item: UnwrappedXml, inputBlob: BlobSource, limits: Limits): Promise<Part> {
  const { path, xml, mail } = item;
  const sha256 = xml.sha256 ?? inputBlob.sha256;
  const blob = sha256 === inputBlob.sha256 ? null : xml.bytes ? blobFromBytes(xml.bytes, sha256) : blobFromStream(sha256, xml.size, () => xml.open());
  if (!xml.bytes || !collectsRecords(xml.size, limits)) {
    const open = (): ReportSource => ({ kind: 'stream', events: (rows) => reportEvents((xml.openTransient ?? xml.open)(), limits, rows)[Symbol.asyncIterator]() });
    return { path, sha256, blob, streamed: true, parsed: null, mail, open };
  }
  // Ordinary reports are parsed whole before any database work (parse-report.ts chooses how).
  let report: TReport;
  try {
    report = await parseReport(xml.bytes, limits);
  } catch (err) {
    return { path, error: toIngestError(err, 'report.unreadable', 'cannot parse') };
  }
  return { path, sha256, blob, streamed: false, parsed: report, mail, open: () => ({ kind: 'parsed', report }) };
}

/** Whether an input streams a report while storing it (a large one): such inputs go alone. */
export function streamsReports(input: PreparedInput): boolean {
  return input.parts.some((p) => 'streamed' in p && p.streamed);
}

/** The advisory-lock name of an input's first report (batches take them in this order), or ''. */
export function firstReportLock(input: PreparedInput): string {
  const part = input.parts.find((p): p is ReportPart => 'parsed' in p && p.parsed !== null);
  return part?.parsed ? reportLockName(dedupeKeyOf(part.parsed)) : '';
}

/** The only report of an input failed, taking the transaction with it (no savepoint). */
class PartFailed extends Error {
  constructor(
    readonly index: number,
    readonly failure: IngestError,
  ) {
    super(failure.message);
  }
}

export async function runInput(input: PreparedInput, ingestFileId: bigint | null, options: IngestOptions): Promise<IngestOutcome> {
  // Domains that received a large report: their rollup contributions are compacted right
  // after the commit, in the background (the worker's job would do it within a minute).
  const compact: number[] = [];
  let outcome: IngestOutcome;
  try {
    outcome = await withTransaction((client) => processInput(client, input, ingestFileId, options, compact));
  } catch (err) {
    if (!(err instanceof PartFailed)) throw err;
    // Again, with that part recorded as failed: the input's bytes and the reason are kept.
    const parts = input.parts.map((p, i): Part => (i === err.index ? { path: p.path, error: err.failure } : p));
    outcome = await withTransaction((client) => processInput(client, { ...input, parts }, ingestFileId, options, compact));
  }
  if (compact.length > 0) requestCompaction(compact);
  return outcome;
}

export async function processInput(
  client: pg.ClientBase,
  input: PreparedInput,
  ingestFileId: bigint | null,
  options: IngestOptions,
  compact: number[],
): Promise<IngestOutcome> {
  compact.length = 0;
  const pendingBlobs = new PendingBlobs();
  // An input's only report (the usual case) is locked together with the ingest_file row.
  const only = input.parts.length === 1 ? input.parts[0] : null;
  const key = only && 'parsed' in only && only.parsed ? dedupeKeyOf(only.parsed) : null;
  const locks = key ? { report: reportLockName(key), domain: domainLockName(key.policyDomain) } : null;
  const opened = await openIngestFile(client, input.blob, pendingBlobs, { source: input.source, name: input.name, mailboxId: input.mailboxId }, locks);
  const earlier = ingestFileId === null ? opened.earlier : null;
  const fileId = ingestFileId ?? opened.fileId;
  // With one small report, a failure rolls back the whole (short) transaction: no savepoint.
  const savepoint = input.parts.length > 1 || input.parts.some((p) => 'streamed' in p && p.streamed);
  const results: IngestReportResult[] = [];
  for (const [index, part] of input.parts.entries()) {
    if ('error' in part) {
      results.push(failedResult(part.path, part.error));
      continue;
    }
    try {
      const stored = await storeReport(
        client,
        part.open(),
        { sha256: part.sha256, blobId: part.blob ? null : opened.blobId, blob: part.blob },
        {
          ingestFileId: fileId, trustSameBytes: true, pendingBlobs, onRecords: options.onRecords, savepoint, locked: locks !== null,
          mail: part.mail, actor: options.actor, admit: options.organizationId === undefined ? undefined : admitFor(options.organizationId),
        },
      );
      results.push(storedResult(part.path, stored));
      if (part.streamed && stored.domainId !== null && stored.outcome !== 'duplicate') compact.push(stored.domainId);
    } catch (err) {
      if (isInfrastructureError(err)) throw err;
      if (!savepoint) throw new PartFailed(index, asIngestError(err));
      results.push(failedResult(part.path, asIngestError(err)));
    }
  }
  await pendingBlobs.flush(client);
  const { row, outcome } = concludeInput(fileId, results, earlier, ingestFileId !== null);
  await finishIngestFile(client, row);
  return outcome;
}

/**
 * What an attempt at an input came to, from its parts' results: the update of its ingest_file
 * row and the outcome returned. `earlier` is the status of an earlier attempt at the same input
 * (same bytes, same name); `again` is a re-processing of a known row.
 */
export function concludeInput(fileId: bigint, results: IngestReportResult[], earlier: IngestStatus | null, again = false): { row: FinishedIngestFile; outcome: IngestOutcome } {
  const summary = summariseResults(results);
  // Only duplicates of what an earlier successful attempt stored: that attempt's outcome stays.
  const keepOutcome = earlier !== null && summary.status === 'duplicate' && earlier !== 'failed' && earlier !== 'partial';
  const error = summary.failures[0]?.error;
  return {
    row: { id: fileId, summary, newAttempt: again || earlier !== null, keepOutcome },
    outcome: { ingestFileId: fileId, status: summary.status as IngestFileStatus, reports: results, ...(error ? { error } : {}) },
  };
}

export function storedResult(path: string, s: StoredReport): IngestReportResult {
  return {
    path, outcome: s.outcome, reportId: s.key.reportId, orgName: s.key.orgName, domain: s.key.policyDomain,
    records: s.records, reportRowId: s.reportRowId.toString(),
  };
}

export function failedResult(path: string, error: IngestError): IngestReportResult {
  return { path, outcome: 'failed', error: messageAt(path, error), errorCode: error.code };
}

/**
 * Errors that mean the database or the connection failed, not this report: the whole input
 * is abandoned (nothing committed) so that the caller retries it later.
 */
export function isInfrastructureError(err: unknown): boolean {
  if (err instanceof IngestError) return false;
  const state = sqlState(err);
  if (state) return state === '40P01' || state === '40001' || /^(08|53|57|58|XX)/.test(state);
  const message = err instanceof Error ? err.message : String(err);
  return /connection (terminated|error)|ECONNRESET|ECONNREFUSED|Client was closed|not queryable/i.test(message);
}

/** Anything else that stops a report (a value Postgres refuses, a bug) is kept as its failure. */
export function asIngestError(err: unknown): IngestError {
  if (err instanceof IngestError) return err;
  const message = err instanceof Error ? err.message : String(err);
  if (sqlState(err)) return new IngestError('store.rejected', `Postgres refused the report: ${message}`, { cause: err });
  return new IngestError('store.failed', `Storing the report failed: ${message}`, { cause: err });
}

export function summariseResults(results: IngestReportResult[]): IngestFileSummary {
  const count = (o: IngestReportOutcome) => results.filter((r) => r.outcome === o).length;
  const failures = results
    .filter((r) => r.outcome === 'failed')
    .map((r) => ({ path: r.path, code: r.errorCode ?? 'unknown', error: r.error ?? 'unknown error' }));
  const ok = results.length - failures.length;
  let status: IngestFileSummary['status'];
  if (failures.length > 0) status = ok > 0 ? 'partial' : 'failed';
  else if (count('ingested') + count('replaced') > 0) status = 'ingested';
  else if (count('set_aside') > 0) status = 'set_aside';
  else status = 'duplicate';
  return { status, reports: ok, duplicates: count('duplicate'), replaced: count('replaced'), setAside: count('set_aside'), failures };
}
