import Link from 'next/link';
import type { ReactNode } from 'react';
import { withParams, type TSearchParams } from '@/components/filters/href';
import { ExportMenu } from './export-menu';
import { Pagination } from './pagination';
import type { TSortDir, TTableState } from './table-params';
import styles from './data-table.module.css';

export interface TDataColumn<Row> {
  key: string;
  header: ReactNode;
  cell: (row: Row) => ReactNode;
  /** Sortable columns link to ?sort=<key>; the page maps the key to its query. */
  sortable?: boolean;
  /** Right-aligned, tabular figures; first click sorts descending. */
  numeric?: boolean;
  width?: number | string;
}

export interface TDataTableProps<Row> {
  /** Accessible name of the table (and the heading when `title` is not given). */
  caption: string;
  title?: ReactNode;
  columns: TDataColumn<Row>[];
  rows: Row[];
  rowKey: (row: Row) => string;
  /** Rows over all pages. */
  total: number;
  /** From parseTableParams. */
  state: TTableState;
  /** The page's path and current search params: links keep every other filter. */
  path: string;
  searchParams: TSearchParams;
  /** Counted noun for "Showing 1–50 of 1,234 reports": [singular, plural]. */
  noun?: [string, string];
  /** Shown instead of the table when there are no rows: say what to do next. */
  empty?: ReactNode;
  /** Extra controls in the head (e.g. <FailuresToggle>). */
  toolbar?: ReactNode;
  /** The API URL returning these rows (with the same filters): adds a CSV / JSON export menu. */
  exportUrl?: string;
  /** Shown under the rows instead of the pagination (a short table shown whole: "Top 10 of 89 · all"). */
  footer?: ReactNode;
}

/**
 * A server-rendered table: sort links in the headers (aria-sort), pagination and filters in the
 * URL, an empty state, a toolbar slot and an export menu. Works without JavaScript except the
 * export menu.
 */
export function DataTable<Row>(props: TDataTableProps<Row>) {
  const { columns, rows, state, path, searchParams } = props;
  const sortHref = (key: string, numeric: boolean): string => {
    const first: TSortDir = numeric ? 'desc' : 'asc';
    const dir: TSortDir = state.sort === key ? (state.dir === 'asc' ? 'desc' : 'asc') : first;
    return withParams(path, searchParams, { sort: key, dir, page: null });
  };
  return (
    <section className="panel">
      <div className="panel-head">
        <h2>{props.title ?? props.caption}</h2>
        <div className={styles.tools}>
          {props.toolbar}
          {props.exportUrl && <ExportMenu href={props.exportUrl} />}
        </div>
      </div>
      {rows.length === 0 ? (
        (props.empty ?? <p className={styles.empty}>Nothing matches these filters.</p>)
      ) : (
        <>
          <div className="table-scroll">
            <table className="data">
              <caption className="sr-only">{props.caption}</caption>
              {columns.some((c) => c.width !== undefined) && (
                <colgroup>
                  {columns.map((c) => (
                    <col key={c.key} style={c.width === undefined ? undefined : { width: c.width }} />
                  ))}
                </colgroup>
              )}
              <thead>
                <tr>
                  {columns.map((c) => {
                    const active = state.sort === c.key;
                    return (
                      <th key={c.key} scope="col" className={c.numeric ? 'num' : undefined} aria-sort={active ? (state.dir === 'asc' ? 'ascending' : 'descending') : undefined}>
                        {c.sortable ? (
                          <Link href={sortHref(c.key, Boolean(c.numeric))} className={styles.sort} scroll={false}>
                            {c.header}
                            <span aria-hidden className={active ? styles.arrowActive : styles.arrow}>
                              {active && state.dir === 'asc' ? '▲' : '▼'}
                            </span>
                          </Link>
                        ) : (
                          c.header
                        )}
                      </th>
                    );
                  })}
                </tr>
              </thead>
              <tbody>
                {rows.map((row) => (
                  <tr key={props.rowKey(row)}>
                    {columns.map((c) => (
                      <td key={c.key} className={c.numeric ? 'num' : undefined}>
                        {c.cell(row)}
                      </td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {props.footer === undefined ? <Pagination total={props.total} state={state} path={path} searchParams={searchParams} noun={props.noun} /> : <div className={styles.footer}>{props.footer}</div>}
        </>
      )}
    </section>
  );
}
