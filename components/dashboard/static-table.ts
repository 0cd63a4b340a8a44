import type { TSearchParams } from '@/components/filters/href';
import type { TTableState } from '@/components/data-table/table-params';

/**
 * DataTable props for a short table shown whole, without sorting or pages: several of them share
 * one page, and the URL's sort/page params belong to at most one table.
 */
export function staticTable(rows: number, params: TSearchParams): { total: number; state: TTableState; searchParams: TSearchParams } {
  return { total: rows, state: { sort: '', dir: 'desc', page: 1, pageSize: Math.max(rows, 1), failures: false }, searchParams: params };
}
