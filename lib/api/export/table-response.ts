import { stringify } from 'csv-stringify/sync';
import { z } from 'zod';

export const ZExportFormat = z.enum(['json', 'csv']).default('json').describe('`csv` answers the rows as a spreadsheet file (one header line, UTF-8), `json` as JSON.');
export type TExportFormat = z.infer<typeof ZExportFormat>;

type TCell = string | number | boolean | null;

/**
 * A table the API answers as JSON (`body` as is) or, with format=csv, as a CSV download of
 * `rows` (what the page's export menu fetches). Cells starting with = + - @ are escaped
 * (csv-stringify's escape_formulas): reporter names and PTRs come from strangers, and a
 * spreadsheet would run them as formulas.
 */
export function tableResponse<Row extends Record<string, TCell>>(input: { format: TExportFormat; body: unknown; rows: Row[]; columns: readonly (keyof Row & string)[]; filename: string }): Response | unknown {
  if (input.format === 'json') return input.body;
  const csv = stringify(
    input.rows.map((row) => input.columns.map((c) => row[c])),
    { header: true, columns: [...input.columns], escape_formulas: true, cast: { boolean: (b) => (b ? 'true' : 'false') } },
  );
  const name = input.filename.replace(/[^A-Za-z0-9._-]+/g, '_');
  return new Response(csv, {
    headers: { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': `attachment; filename="${name}.csv"`, 'cache-control': 'no-store' },
  });
}
