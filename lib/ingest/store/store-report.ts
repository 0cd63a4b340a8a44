import type pg from 'pg';
import type { ReportStreamEvent, RowSink } from '@/lib/ingest/parse/parse-stream';
import type { TReport, TReportHeader } from '@/lib/ingest/parse/schema';
import { summarise, type ReportFigures } from '@/lib/ingest/parse/summary';
import { storeBlob, type BlobSource, type PendingBlobs } from './blob';
import { CopySink } from './copy-sink';
import { IngestError } from '@/lib/ingest/errors';
import { reportDay } from './day-spans';
import { insertSmallReport, ONE_STATEMENT_MAX_RECORDS } from './insert-small-report';
import { LeanRows } from './lean-rows';
import { RecordEncoder } from './record-encoder';
import { MAX_STORED_COUNT, type RecordTarget } from './record-row';
import { RECORDS_COPY_SQL, StreamCopier } from './stream-copier';
import { dedupeKeyOf, domainLockName, headerOf, reportLockName, sameKey, type DedupeKey } from './report-key';
import { insertReportRow, replaceReportRow, updateReportRow, type ReportRowValues } from './report-row';
import { applyRollup, isOneDay, pendingTarget, type RollupTarget } from './rollup';
import type { TAuditActor } from '@/lib/platform/audit';
import { chooseKeptReport } from './choose-kept-report';
import { auditReplacement, recordAuthenticity, type TStoredCopy } from './report-trust';
import { reportAuthenticity, type TAuthenticity } from '@/lib/ingest/authenticity/report-authenticity';
import type { TMailEvidence } from '@/lib/ingest/authenticity/mail-evidence';

/**
 * A report to store: already parsed (ordinary reports), or a stream of parse events (large
 * ones) whose records go straight to the row sink the store hands it (LeanRows: COPY bytes).
 */
export type ReportSource =
  | { kind: 'parsed'; report: TReport }
  | { kind: 'stream'; events: (rows: RowSink) => AsyncIterator<ReportStreamEvent> };

/** The report's own XML document, kept as a raw_blob (re-parsing after a parser fix reads it). */
export interface ReportXml {
  sha256: string;
  /** Set when the XML is the input itself, already stored. */
  blobId: bigint | null;
  /** How to store it otherwise. */
  blob: BlobSource | null;
}

export interface StoreOptions {
  ingestFileId: bigint | null;
  /**
   * A report stored from these very XML bytes is a duplicate without looking further. Off
   * when re-parsing stored reports (`atlas reprocess --all`): the parser may have changed.
   */
  trustSameBytes: boolean;
  /** Large blobs are compressed in the background and completed before the commit. */
  pendingBlobs?: PendingBlobs;
  /** Called as records of a large report are stored (progress display). */
  onRecords?: (stored: number) => void;
  /** The caller already holds this report's advisory locks (taken with the ingest_file row). */
  locked?: boolean;
  /**
   * False when the caller rolls back the whole transaction if this report fails (an input
   * holding one report): saves two round trips. Streamed reports always use a savepoint
   * (a duplicate is only recognised after its records were written).
   */
  savepoint?: boolean;
  /** What the mail that carried the report proves (null or absent: it did not come by mail). */
  mail?: TMailEvidence | null;
  /** Refuses a report the caller may not write (an API token's report for another organisation's domain). */
  admit?: (client: pg.ClientBase, key: DedupeKey) => Promise<void>;
  /** Named in the audit log when this copy replaces a stored one. */
  actor?: TAuditActor;
  /**
   * Re-parsing a stored report's own XML (`atlas reprocess --all`): new content always wins
   * (the parser changed, not the report) and the report keeps its authenticity.
   */
  reparse?: boolean;
}

export type StoreOutcome = 'ingested' | 'duplicate' | 'replaced' | 'set_aside';

export interface StoredReport {
  outcome: StoreOutcome;
  reportRowId: bigint;
  key: DedupeKey;
  domainId: number | null;
  records: number;
}

export interface Existing extends TStoredCopy {
  id: bigint;
  domainId: number | null;
  xmlSha256: string;
  /** Its records were dropped by retention: its contribution can no longer be taken back. */
  recordsDropped: boolean;
}

export interface Lookup {
  domainId: number | null;
  existing: Existing | null;
  /** A fresh id from report's sequence when the report is new. */
  newId: bigint | null;
}

const SAVEPOINT = 'atlas_report';

/**
 * Stores one report inside the caller's transaction, atomically (a savepoint, or the caller's
 * transaction: on any error nothing of it remains and the error is rethrown for the caller
 * to record):
 *  - dedupe on (org_name, report_id, policy_domain, begin, end) under an advisory lock on that
 *    key, so concurrent ingests of one report store it once;
 *  - same key and same content hash → 'duplicate', nothing written;
 *  - same key, other content → replaced in place: old rollup contribution subtracted, old
 *    records deleted, new ones written, `replacements` bumped;
 *  - routed to the domain row owning the policy domain, or set aside (domain_id null);
 *  - records through COPY (a large report streams into COPY as it is parsed), then rollups.
 */
export async function storeReport(
  client: pg.ClientBase,
  source: ReportSource,
  xml: ReportXml,
  options: StoreOptions,
): Promise<StoredReport> {
  const rows = source.kind === 'stream' ? new LeanRows() : null;
  const reader = source.kind === 'stream' ? new EventReader(source.events(rows as LeanRows)) : null;
  try {
    const header = source.kind === 'parsed' ? source.report : await (reader as EventReader).header();
    const key = dedupeKeyOf(header);
    if (options.admit) await options.admit(client, key);
    const opts: Opts = { ...options, authenticity: reportAuthenticity(options.mail ?? null, header) };
    if (source.kind === 'parsed' && opts.savepoint === false) return (await storeParsed(client, source.report, key, xml, opts)).stored;
    await client.query(`SAVEPOINT ${SAVEPOINT}`);
    try {
      const { stored, rollback, afterRollback } =
        source.kind === 'parsed'
          ? await storeParsed(client, source.report, key, xml, opts)
          : await storeStream(client, reader as EventReader, rows as LeanRows, headerOf(header), key, xml, opts);
      if (rollback) await client.query(`ROLLBACK TO SAVEPOINT ${SAVEPOINT}`);
      await client.query(`RELEASE SAVEPOINT ${SAVEPOINT}`);
      await afterRollback?.();
      return stored;
    } catch (err) {
      await client.query(`ROLLBACK TO SAVEPOINT ${SAVEPOINT}`);
      await client.query(`RELEASE SAVEPOINT ${SAVEPOINT}`);
      throw err;
    }
  } finally {
    await reader?.close();
  }
}

/** The parse events of a streamed report, read once, with the header available up front. */
class EventReader {
  private pending: ReportStreamEvent | null = null;

  constructor(private readonly events: AsyncIterator<ReportStreamEvent>) {}

  async header(): Promise<TReportHeader> {
    for (;;) {
      const ev = await this.read();
      if (ev.type === 'header') return ev.header;
      if (ev.type === 'end') {
        // A report without records announces its header with the end event.
        this.pending = ev;
        return ev.header;
      }
    }
  }

  async read(): Promise<ReportStreamEvent> {
    const pending = this.pending;
    if (pending) {
      this.pending = null;
      return pending;
    }
    const next = await this.events.next();
    if (next.done) throw new IngestError('report.unreadable', 'The report stream ended before the end of the report.');
    return next.value;
  }

  /** Stops a stream abandoned early (a duplicate, an error): closes the file behind it. */
  async close(): Promise<void> {
    await this.events.return?.(undefined);
  }
}

/** StoreOptions with the report's authenticity, once its header is known. */
export type Opts = StoreOptions & { authenticity?: TAuthenticity };

async function lockAndLookup(client: pg.ClientBase, key: DedupeKey, locked = false): Promise<Lookup> {
  if (!locked) await client.query({
    name: 'atlas_lock_report',
    text: 'SELECT pg_advisory_xact_lock(hashtextextended($1, 0)), pg_advisory_xact_lock_shared(hashtextextended($2, 0))',
    values: [reportLockName(key), domainLockName(key.policyDomain)],
  });
  const res = await client.query<LookupRow>({
    name: 'atlas_lookup_report',
    text: `SELECT (SELECT id FROM domain WHERE name = $3) AS domain_id, ${LOOKUP_COLUMNS},
            CASE WHEN r.id IS NULL THEN nextval(pg_get_serial_sequence('report', 'id')) END AS new_id
     FROM (SELECT 1) AS one
     LEFT JOIN report r ON r.org_name = $1 AND r.report_id = $2 AND r.policy_domain = $3
                       AND r.begin_at = to_timestamp($4) AND r.end_at = to_timestamp($5)
     LEFT JOIN raw_blob b ON b.id = r.xml_blob_id`,
    values: [key.orgName, key.reportId, key.policyDomain, key.begin, key.end],
  });
  return toLookup(res.rows[0]);
}

interface LookupRow {
  domain_id: number | null;
  id: string | null;
  content_hash: string | null;
  old_domain_id: number | null;
  xml_sha256: string | null;
  records_dropped: boolean | null;
  new_id: string | null;
  verified_by: string | null;
  record_count: number | null;
  message_count: string | null;
  warning_count: number | null;
}

const LOOKUP_COLUMNS = `r.id, r.content_hash, r.domain_id AS old_domain_id,
            b.sha256 AS xml_sha256, r.records_dropped_at IS NOT NULL AS records_dropped,
            r.verified_by, r.record_count, r.message_count, jsonb_array_length(r.warnings) AS warning_count`;

function toLookup(row: LookupRow): Lookup {
  return {
    domainId: row.domain_id,
    existing:
      row.id === null
        ? null
        : {
            id: BigInt(row.id), contentHash: row.content_hash ?? '', domainId: row.old_domain_id, xmlSha256: row.xml_sha256 ?? '',
            recordsDropped: row.records_dropped === true,
            verifiedBy: row.verified_by, verified: row.verified_by !== null, records: row.record_count ?? 0,
            messages: BigInt(row.message_count ?? 0), warnings: row.warning_count ?? 0,
          },
    newId: row.new_id === null ? null : BigInt(row.new_id),
  };
}

/**
 * lockAndLookup for many reports at once (their locks already held, keys distinct): one
 * statement. New ids are drawn in the keys' order, as one lookup after another would.
 */
export async function lookupReports(client: pg.ClientBase, keys: DedupeKey[]): Promise<Lookup[]> {
  const res = await client.query<LookupRow & { ord: string }>(
    `SELECT l.*, CASE WHEN l.id IS NULL THEN nextval(pg_get_serial_sequence('report', 'id')) END AS new_id
     FROM (
       SELECT k.ord, (SELECT id FROM domain WHERE name = k.policy_domain) AS domain_id, ${LOOKUP_COLUMNS}
       FROM unnest($1::text[], $2::text[], $3::text[], $4::float8[], $5::float8[]) WITH ORDINALITY AS k(org_name, report_id, policy_domain, b, e, ord)
       LEFT JOIN report r ON r.org_name = k.org_name AND r.report_id = k.report_id AND r.policy_domain = k.policy_domain
                         AND r.begin_at = to_timestamp(k.b) AND r.end_at = to_timestamp(k.e)
       LEFT JOIN raw_blob b ON b.id = r.xml_blob_id
       ORDER BY k.ord
     ) l`,
    [keys.map((k) => k.orgName), keys.map((k) => k.reportId), keys.map((k) => k.policyDomain), keys.map((k) => k.begin), keys.map((k) => k.end)],
  );
  const out: Lookup[] = new Array(keys.length);
  for (const row of res.rows) out[Number(row.ord) - 1] = toLookup(row);
  return out;
}

export function duplicateOf(existing: Existing, key: DedupeKey, records: number): StoredReport {
  return { outcome: 'duplicate', reportRowId: existing.id, key, domainId: existing.domainId, records };
}

function outcomeOf(existing: Existing | null, domainId: number | null): StoreOutcome {
  if (existing) return 'replaced';
  return domainId === null ? 'set_aside' : 'ingested';
}

async function xmlBlobId(client: pg.ClientBase, xml: ReportXml, pending: PendingBlobs | undefined): Promise<bigint> {
  if (xml.blobId !== null) return xml.blobId;
  if (!xml.blob) throw new Error('storeReport: the report XML has neither a blob id nor bytes');
  return storeBlob(client, xml.blob, pending);
}

/**
 * Takes back what a stored report contributed (computed from its records, appended negated;
 * or, still pending, its pending row ended), then deletes its records (one partition, found by
 * BRIN), before its replacement is written.
 */
async function retire(client: pg.ClientBase, existing: Existing, key: DedupeKey): Promise<void> {
  // Read again under the row's lock: retention marks the row before it drops the partition.
  const now = await client.query<{ dropped: boolean }>('SELECT records_dropped_at IS NOT NULL AS dropped FROM report WHERE id = $1 FOR UPDATE', [
    existing.id.toString(),
  ]);
  if (existing.recordsDropped || now.rows[0]?.dropped) {
    throw new IngestError(
      'report.records_dropped',
      'A different copy of this report was stored earlier and its records are past ATLAS_RETENTION_DAYS: the stored copy is kept, this one is not used.',
    );
  }
  const old = rollupTarget(existing.id, existing.domainId, key);
  if (old) await applyRollup(client, old, -1);
  await client.query('DELETE FROM report_record WHERE report_day = $1::date AND report_id = $2', [reportDay(key.begin), existing.id.toString()]);
}

/** Where a report's records go. */
export function recordTarget(id: bigint, domainId: number | null, key: DedupeKey): RecordTarget {
  return { reportRowId: id, reportDay: reportDay(key.begin), domainId, policyDomain: key.policyDomain };
}

export function checkTotals(figures: ReportFigures): void {
  if (BigInt(figures.messages) > MAX_STORED_COUNT) {
    throw new IngestError('report.count_too_large', `Malformed report: its counts add up to ${figures.messages} messages, more than 2^63 - 1.`);
  }
}

/** What a report with this row id contributes to its domain's rollups; null when set aside. */
export function rollupTarget(reportRowId: bigint, domainId: number | null, key: DedupeKey): RollupTarget | null {
  return domainId === null ? null : { reportRowId, domainId, orgName: key.orgName, begin: key.begin, end: key.end };
}

async function rollUp(client: pg.ClientBase, id: bigint, domainId: number | null, key: DedupeKey): Promise<void> {
  const target = rollupTarget(id, domainId, key);
  if (target) await applyRollup(client, target, 1);
}

interface Result {
  stored: StoredReport;
  rollback: boolean;
  /** Runs after the rollback to the savepoint (work that must survive it). */
  afterRollback?: () => Promise<void>;
}

function incomingCopy(opts: Opts, records: number, figures: ReportFigures, warnings: number, contentHash: string, existing: Existing | null): TStoredCopy {
  const verifiedBy = opts.reparse ? (existing?.verifiedBy ?? null) : (opts.authenticity?.verifiedBy ?? null);
  return { verified: verifiedBy !== null, verifiedBy, records, messages: BigInt(figures.messages), warnings, contentHash };
}

function keepsStored(existing: Existing, incoming: TStoredCopy, opts: Opts): boolean {
  if (opts.reparse) return existing.contentHash === incoming.contentHash;
  return chooseKeptReport(existing, incoming) === 'stored';
}

/** This copy would upgrade the stored one's verification (so the same bytes are not simply a duplicate). */
export function verifies(existing: Existing, opts: Opts): boolean {
  const by = opts.authenticity?.verifiedBy ?? null;
  return by !== null && (existing.verifiedBy === null || by < existing.verifiedBy);
}

/**
 * The kept copy's authenticity when the same content arrives verified (an upload first, the
 * signed mail later): a fixed rule too, so the arrival order does not decide what is shown.
 */
async function upgradeVerification(client: pg.ClientBase, existing: Existing, incoming: TStoredCopy, opts: Opts): Promise<void> {
  if (existing.contentHash !== incoming.contentHash || !opts.authenticity || !verifies(existing, opts)) return;
  await recordAuthenticity(client, existing.id, opts.authenticity);
}

/** A copy was written: its authenticity (when it came by mail, or replaced one that did) and the audit of a replacement. */
async function afterWrite(
  client: pg.ClientBase, id: bigint, domainId: number | null, key: DedupeKey, existing: Existing | null, incoming: TStoredCopy, opts: Opts,
): Promise<void> {
  if (opts.authenticity && !opts.reparse && (opts.mail || existing)) await recordAuthenticity(client, id, opts.authenticity);
  if (existing) await auditReplacement(client, { reportRowId: id, domainId, key, before: existing, after: incoming, actor: opts.actor, ingestFileId: opts.ingestFileId });
}

async function storeParsed(client: pg.ClientBase, report: TReport, key: DedupeKey, xml: ReportXml, opts: Opts): Promise<Result> {
  const { domainId, existing, newId } = await lockAndLookup(client, key, opts.locked);
  const records = report.records.length;
  if (existing && opts.trustSameBytes && existing.xmlSha256 === xml.sha256 && !verifies(existing, opts)) return { stored: duplicateOf(existing, key, records), rollback: false };
  const id = existing?.id ?? (newId as bigint);
  const header = headerOf(report);
  const where = recordTarget(id, domainId, key);
  const encoder = new RecordEncoder(where, records);
  encoder.addAll(report.records);
  const contentHash = encoder.contentHash(header);
  const figures = summarise(report);
  const incoming = incomingCopy(opts, records, figures, report.warnings.length, contentHash, existing);
  if (existing && keepsStored(existing, incoming, opts)) {
    await upgradeVerification(client, existing, incoming, opts);
    return { stored: duplicateOf(existing, key, records), rollback: false };
  }
  checkTotals(figures);
  const values: ReportRowValues = {
    key, header, warnings: report.warnings, figures, contentHash, domainId,
    xmlBlobId: await xmlBlobId(client, xml, opts.pendingBlobs), ingestFileId: opts.ingestFileId,
  };
  if (!existing && records <= ONE_STATEMENT_MAX_RECORDS) {
    await insertSmallReport(client, values, report.records, where, rollupTarget(id, domainId, key));
    await afterWrite(client, id, domainId, key, existing, incoming, opts);
    return { stored: { outcome: outcomeOf(existing, domainId), reportRowId: id, key, domainId, records }, rollback: false };
  }
  if (existing) {
    await retire(client, existing, key);
    await replaceReportRow(client, id, values);
  } else {
    await insertReportRow(client, id, values);
  }
  if (records > 0) {
    const sink = CopySink.open(client, RECORDS_COPY_SQL);
    try {
      await sink.write(encoder.take());
      await sink.finish();
    } catch (err) {
      await sink.abort(err as Error);
      throw err;
    }
  }
  await rollUp(client, id, domainId, key);
  await afterWrite(client, id, domainId, key, existing, incoming, opts);
  return { stored: { outcome: outcomeOf(existing, domainId), reportRowId: id, key, domainId, records }, rollback: false };
}

async function storeStream(
  client: pg.ClientBase,
  events: EventReader,
  rows: LeanRows,
  header: TReportHeader,
  key: DedupeKey,
  xml: ReportXml,
  opts: Opts,
): Promise<Result> {
  const { domainId, existing, newId } = await lockAndLookup(client, key);
  if (existing && opts.trustSameBytes && existing.xmlSha256 === xml.sha256 && !verifies(existing, opts)) return { stored: duplicateOf(existing, key, 0), rollback: false };
  const id = existing?.id ?? (newId as bigint);
  const target = rollupTarget(id, domainId, key);
  // A one-day report is stored pending (its contribution left to compaction, its daily figures
  // summed as it streams); one spread over several days is apportioned in SQL once its records
  // are stored.
  const pending = target && isOneDay(key.begin, key.end) ? pendingTarget(target) : null;
  rows.encoder.configure(recordTarget(id, domainId, key), pending !== null);
  const provisional: ReportRowValues = {
    key, header, warnings: [], figures: null, contentHash: '', domainId,
    xmlBlobId: await xmlBlobId(client, xml, opts.pendingBlobs), ingestFileId: opts.ingestFileId,
  };
  if (existing) {
    await retire(client, existing, key);
    await replaceReportRow(client, id, provisional);
  } else {
    await insertReportRow(client, id, provisional);
  }

  // The SQL rollup of a large report spread over several days groups hundreds of thousands of rows: in memory, not on disk.
  await client.query("SET LOCAL work_mem = '64MB'");
  const copier = new StreamCopier(client, rows.encoder, pending, opts.onRecords);
  let end: Extract<ReportStreamEvent, { type: 'end' }> | null = null;
  try {
    while (!end) {
      const ev = await events.read();
      if (ev.type === 'rows') await copier.pump();
      else if (ev.type === 'end') end = ev;
    }
    await copier.finish();
  } catch (err) {
    await copier.abort(err as Error);
    throw err;
  }
  const encoder = copier.encoder;

  const finalHeader = headerOf(end.header);
  if (!sameKey(dedupeKeyOf(finalHeader), key)) {
    throw new IngestError('report.malformed', 'Malformed report: its metadata changed after the first record.');
  }
  const contentHash = encoder.contentHash(finalHeader);
  const incoming = incomingCopy(opts, encoder.count, end.figures, end.warnings.length, contentHash, existing);
  if (existing && keepsStored(existing, incoming, opts)) {
    // Rolled back to before this copy's records, then the kept copy's verification upgraded.
    return { stored: duplicateOf(existing, key, encoder.count), rollback: true, afterRollback: () => upgradeVerification(client, existing, incoming, opts) };
  }
  checkTotals(end.figures);
  await updateReportRow(client, id, { ...provisional, header: finalHeader, warnings: end.warnings, figures: end.figures, contentHash });
  if (!copier.rolledUp) await rollUp(client, id, domainId, key);
  await afterWrite(client, id, domainId, key, existing, incoming, opts);
  return { stored: { outcome: outcomeOf(existing, domainId), reportRowId: id, key, domainId, records: encoder.count }, rollback: false };
}

