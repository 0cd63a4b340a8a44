import { createReadStream, createWriteStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import { from as copyFrom, to as copyTo } from 'pg-copy-streams';
import { RECORD_COLUMNS } from '@/lib/ingest';

/**
 * The floor the ingest is compared with: the same rows the ingest stored for the large
 * report, exported as COPY text, then COPYed into a plain table shaped like report_record
 * (same columns, no indexes or triggers) of the same Postgres. Only the second COPY is timed.
 */
export async function measureRawCopy(url: string, reportRowId: string, scratchFile: string): Promise<{ rows: number; seconds: number; rows_per_s: number }> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const columns = RECORD_COLUMNS.join(', ');
    await pipeline(
      client.query(copyTo(`COPY (SELECT ${columns} FROM report_record WHERE report_id = ${BigInt(reportRowId)} ORDER BY ord) TO STDOUT`)),
      createWriteStream(scratchFile),
    );
    await client.query('DROP TABLE IF EXISTS bench_copy');
    await client.query('CREATE TABLE bench_copy (LIKE report_record INCLUDING DEFAULTS)');
    await client.query('CHECKPOINT');
    const t0 = performance.now();
    const sink = client.query(copyFrom(`COPY bench_copy (${columns}) FROM STDIN`));
    await pipeline(createReadStream(scratchFile, { highWaterMark: 1 << 20 }), sink);
    const seconds = (performance.now() - t0) / 1000;
    await client.query('DROP TABLE bench_copy');
    return { rows: sink.rowCount, seconds, rows_per_s: sink.rowCount / seconds };
  } finally {
    await client.end();
  }
}
