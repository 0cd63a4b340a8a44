import type pg from 'pg';
import type { TReport } from '@/lib/ingest/parse/schema';
import { summarise } from '@/lib/ingest/parse/summary';
import { reportAuthenticity, type TAuthenticity } from '@/lib/ingest/authenticity/report-authenticity';
import { CopySink } from './copy-sink';
import { daySpans } from './day-spans';
import { RecordEncoder } from './record-encoder';
import { dedupeKeyOf, headerOf, type DedupeKey } from './report-key';
import { insertReportRows, type ReportRowValues } from './report-row';
import { recordAuthenticities } from './report-trust';
import { applyOneDayRollups, applySpreadRollups, BATCH_RECORDS_COPY_SQL, prepareBatchRecords, type OneDayRollup, type SpreadRollup } from './rollup';
import { RECORDS_COPY_SQL } from './stream-copier';
import { sqlState } from './transaction';
import {
  checkTotals, duplicateOf, lookupReports, recordTarget, rollupTarget, storeReport, verifies,
  type Opts, type StoreOptions, type StoredReport,
} from './store-report';

/** A parsed report of a batch, its XML already stored, its advisory locks already held. */
export interface BatchReport {
  report: TReport;
  xml: { sha256: string; blobId: bigint };
  options: StoreOptions;
}

/** The report at `item` of the batch failed on its own, after writing (its error: `failure`): the batch is rolled back. */
export class BatchReportFailed extends Error {
  constructor(
    readonly item: number,
    readonly failure: unknown,
  ) {
    super(failure instanceof Error ? failure.message : String(failure));
  }
}

interface NewRow {
  item: number;
  id: bigint;
  values: ReportRowValues;
  rows: Buffer;
  key: DedupeKey;
}

/**
 * storeReport for many parsed reports of distinct keys at once, inside the caller's batch
 * (beginDailyBatch): what one storeReport per report would store, in a handful of statements
 * for the whole batch instead of a few per report — one look-up, one multi-row insert of the
 * new reports, one COPY of all their records (and one into the batch's temporary table that the
 * rollups read), one rollup statement for the one-day reports and
 * one for those spanning days, one authenticity update. A copy of a stored report (a
 * replacement, a verification upgrade) is rare and goes through storeReport itself. A report
 * that fails before anything of it is written comes back as `{ error }`; one that fails in
 * storeReport throws BatchReportFailed naming it.
 */
export async function storeParsedBatch(client: pg.ClientBase, items: BatchReport[]): Promise<Array<StoredReport | { error: unknown }>> {
  const keys = items.map((it) => dedupeKeyOf(it.report));
  const out: Array<StoredReport | { error: unknown }> = new Array(items.length);
  for (const [i, it] of items.entries()) {
    if (!it.options.admit) continue;
    try {
      await it.options.admit(client, keys[i]);
    } catch (err) {
      // Refused before anything of it was written: it fails alone, in place. Postgres failing
      // the query aborted the transaction: the batch's error.
      if (sqlState(err) !== null) throw err;
      out[i] = { error: err };
    }
  }
  const lookups = await lookupReports(client, keys);
  const fresh: NewRow[] = [];
  const again: number[] = [];
  const verified: Array<{ reportRowId: bigint; auth: TAuthenticity }> = [];
  for (const [i, it] of items.entries()) {
    if (out[i]) continue;
    const key = keys[i];
    const { domainId, existing, newId } = lookups[i];
    const opts: Opts = { ...it.options, authenticity: reportAuthenticity(it.options.mail ?? null, it.report) };
    const records = it.report.records.length;
    if (existing && opts.trustSameBytes && existing.xmlSha256 === it.xml.sha256 && !verifies(existing, opts)) {
      out[i] = duplicateOf(existing, key, records);
      continue;
    }
    if (existing || newId === null) {
      again.push(i);
      continue;
    }
    const encoder = new RecordEncoder(recordTarget(newId, domainId, key), records);
    // What fails here (a count too large to store, a bug) fails before anything of the report
    // is written: it fails alone, in place, as its own transaction would have.
    let values: ReportRowValues;
    try {
      encoder.addAll(it.report.records);
      const header = headerOf(it.report);
      const contentHash = encoder.contentHash(header);
      const figures = summarise(it.report);
      checkTotals(figures);
      // As afterWrite: a new report's authenticity is recorded when it came by mail.
      if (opts.authenticity && !opts.reparse && opts.mail) verified.push({ reportRowId: newId, auth: opts.authenticity });
      values = { key, header, warnings: it.report.warnings, figures, contentHash, domainId, xmlBlobId: it.xml.blobId, ingestFileId: it.options.ingestFileId };
    } catch (err) {
      out[i] = { error: err };
      continue;
    }
    fresh.push({ item: i, id: newId, values, rows: records > 0 ? encoder.take() : Buffer.alloc(0), key });
    out[i] = { outcome: domainId === null ? 'set_aside' : 'ingested', reportRowId: newId, key, domainId, records };
  }
  await insertReportRows(client, fresh);
  const rows = Buffer.concat(fresh.map((f) => f.rows));
  await copyRows(client, RECORDS_COPY_SQL, rows);
  await prepareBatchRecords(client);
  await copyRows(client, BATCH_RECORDS_COPY_SQL, rows);
  const oneDay: OneDayRollup[] = [];
  const spread: SpreadRollup[] = [];
  for (const f of fresh) {
    const target = rollupTarget(f.id, f.values.domainId, f.key);
    if (!target) continue;
    const days = daySpans(f.key.begin, f.key.end).days;
    if (days.length === 1) oneDay.push({ reportRowId: f.id, domainId: target.domainId, orgName: target.orgName, day: days[0] });
    else spread.push(target);
  }
  await applyOneDayRollups(client, oneDay);
  await applySpreadRollups(client, spread);
  await recordAuthenticities(client, verified);
  // Another copy of a stored report: the single-report rules (replacement, verification upgrade).
  for (const i of again) {
    const it = items[i];
    out[i] = await failsAlone(i, () =>
      storeReport(client, { kind: 'parsed', report: it.report }, { sha256: it.xml.sha256, blobId: it.xml.blobId, blob: null }, { ...it.options, savepoint: false, locked: true }),
    );
  }
  return out;
}

async function copyRows(client: pg.ClientBase, sql: string, rows: Buffer): Promise<void> {
  if (rows.length === 0) return;
  const sink = CopySink.open(client, sql);
  try {
    await sink.write(rows);
    await sink.finish();
  } catch (err) {
    await sink.abort(err as Error);
    throw err;
  }
}

async function failsAlone<T>(item: number, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    throw new BatchReportFailed(item, err);
  }
}
