import { firstParam, type TSearchParams } from '@/components/filters/href';
import { parseRange, type TRange } from '@/components/filters/range-params';
import { parseTableParams, type TTableState } from '@/components/data-table/table-params';
import { REPORT_SORTS, type TReportSort } from '@/lib/queries';

export interface TReportListParams {
  range: TRange;
  table: TTableState<TReportSort>;
  reporter: string | null;
  q: string | null;
}

/** A free-text URL param: trimmed, bounded (it ends up in a LIKE), null when empty. */
function textParam(params: TSearchParams, key: string): string | null {
  const value = firstParam(params, key)?.trim().slice(0, 200);
  return value ? value : null;
}

/** The reports page's URL state: the shared period and domain, the table's sort/page/failures, reporter and search. */
export function parseReportListParams(params: TSearchParams, now = new Date()): TReportListParams {
  return {
    range: parseRange(params, now),
    table: parseTableParams(params, { sortKeys: REPORT_SORTS, defaultSort: 'begin', defaultDir: 'desc' }),
    reporter: textParam(params, 'reporter'),
    q: textParam(params, 'q'),
  };
}

/** The API URL returning the same rows (every page at once, up to the API's page size), for the export menu. */
export function reportsExportUrl(p: TReportListParams): string {
  const url = new URLSearchParams({ from: p.range.from, to: p.range.to, sort: p.table.sort, dir: p.table.dir, per_page: '10000' });
  if (p.range.domain) url.set('domain', p.range.domain);
  if (p.reporter) url.set('reporter', p.reporter);
  if (p.q) url.set('q', p.q);
  if (p.table.failures) url.set('failures', '1');
  return `/api/v1/reports?${url.toString()}`;
}
