import { z } from 'zod';
import { firstParam, type TSearchParams } from '@/components/filters/href';

// A table's URL state: `sort`, `dir`, `page`, `failures=1`. Invalid values fall back to the
// defaults (hand-edited URLs), and `sort` only ever names a column the page allows, so it can
// be mapped to SQL safely.

export type TSortDir = 'asc' | 'desc';

export interface TTableState<TKey extends string = string> {
  sort: TKey;
  dir: TSortDir;
  /** 1-based. */
  page: number;
  pageSize: number;
  /** DMARC failures only (neither aligned SPF nor aligned DKIM passed). */
  failures: boolean;
}

/** Deep pages of huge tables are a scan; nobody reads page 10,001. */
export const MAX_PAGE = 10_000;

export function parseTableParams<TKey extends string>(
  params: TSearchParams,
  options: { sortKeys: readonly TKey[]; defaultSort: TKey; defaultDir?: TSortDir; pageSize?: number },
): TTableState<TKey> {
  const sort = options.sortKeys.find((k) => k === firstParam(params, 'sort')) ?? options.defaultSort;
  const dir = z.enum(['asc', 'desc']).safeParse(firstParam(params, 'dir'));
  const page = z.coerce.number().int().min(1).max(MAX_PAGE).safeParse(firstParam(params, 'page'));
  return {
    sort,
    dir: dir.success ? dir.data : (options.defaultDir ?? 'desc'),
    page: page.success ? page.data : 1,
    pageSize: options.pageSize ?? 50,
    failures: firstParam(params, 'failures') === '1',
  };
}

/** Pages needed for `total` rows (at least 1, so "page 1 of 1" for an empty table). */
export const pageCount = (total: number, pageSize: number): number => Math.max(1, Math.ceil(total / pageSize));

/** SQL OFFSET of the state's page. */
export const pageOffset = (state: TTableState): number => (state.page - 1) * state.pageSize;
