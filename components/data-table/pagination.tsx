import Link from 'next/link';
import { withParams, type TSearchParams } from '@/components/filters/href';
import { formatInt } from '@/components/ui/format';
import { pageCount, type TTableState } from './table-params';
import styles from './data-table.module.css';

/** Page numbers shown around the current one (plus the first and last). */
const AROUND = 1;

function pagesToShow(current: number, last: number): (number | 'gap')[] {
  const pages: (number | 'gap')[] = [];
  for (let p = 1; p <= last; p++) {
    if (p === 1 || p === last || Math.abs(p - current) <= AROUND) pages.push(p);
    else if (pages[pages.length - 1] !== 'gap') pages.push('gap');
  }
  return pages;
}

/** "Showing 51–100 of 1,234 reports" and page links that keep the other URL params. */
export function Pagination({
  total,
  totalCapped = false,
  state,
  path,
  searchParams,
  noun = ['row', 'rows'],
}: {
  total: number;
  /** `total` is a lower bound (the count stopped there): "of 10,000+". */
  totalCapped?: boolean;
  state: TTableState;
  path: string;
  searchParams: TSearchParams;
  noun?: [string, string];
}) {
  const last = pageCount(total, state.pageSize);
  const first = (state.page - 1) * state.pageSize + 1;
  const end = Math.min(total, state.page * state.pageSize);
  const href = (page: number) => withParams(path, searchParams, { page: page === 1 ? null : page });
  return (
    <nav className={styles.pagination} aria-label="Pages">
      <span className="muted">
        {total === 0 ? `No ${noun[1]}` : `Showing ${formatInt(first)}–${formatInt(end)} of ${formatInt(total)}${totalCapped ? '+' : ''} ${total === 1 && !totalCapped ? noun[0] : noun[1]}`}
      </span>
      {last > 1 && (
        <span className={styles.pages}>
          {state.page > 1 ? (
            <Link href={href(state.page - 1)} className="btn btn-small" rel="prev">
              Previous
            </Link>
          ) : (
            <span className="btn btn-small" aria-disabled="true">
              Previous
            </span>
          )}
          {pagesToShow(state.page, last).map((p, i) =>
            p === 'gap' ? (
              <span key={`gap-${i}`} className={styles.gap} aria-hidden>
                …
              </span>
            ) : (
              <Link key={p} href={href(p)} className={styles.page} aria-current={p === state.page ? 'page' : undefined} aria-label={`Page ${p}`}>
                {p}
              </Link>
            ),
          )}
          {state.page < last ? (
            <Link href={href(state.page + 1)} className="btn btn-small" rel="next">
              Next
            </Link>
          ) : (
            <span className="btn btn-small" aria-disabled="true">
              Next
            </span>
          )}
        </span>
      )}
    </nav>
  );
}
