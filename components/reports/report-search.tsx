import Link from 'next/link';
import { withParams, type TSearchParams } from '@/components/filters/href';
import styles from './reports.module.css';

/** Params a search keeps (the rest — page — starts over). */
const KEPT = ['from', 'to', 'domain', 'failures', 'sort', 'dir', 'reporter'] as const;

/**
 * Search by report id or reporter, and the reporter filter as a removable chip. A plain GET
 * form: works without JavaScript, and the result is a URL like every other filter.
 */
export function ReportSearch({ path, searchParams, q, reporter }: { path: string; searchParams: TSearchParams; q: string | null; reporter: string | null }) {
  return (
    <div className={styles.searchRow}>
      <form method="get" action={path} className={styles.search} role="search">
        {KEPT.map((key) => {
          const value = searchParams[key];
          return typeof value === 'string' && value ? <input key={key} type="hidden" name={key} value={value} /> : null;
        })}
        <label className="sr-only" htmlFor="report-search">
          Report id or reporter
        </label>
        <input id="report-search" className="input" type="search" name="q" defaultValue={q ?? ''} placeholder="Report id or reporter…" maxLength={200} />
        <button type="submit" className="btn">
          Search
        </button>
      </form>
      {reporter && (
        <span className={styles.chip}>
          Reporter: <strong>{reporter}</strong>
          <Link href={withParams(path, searchParams, { reporter: null, page: null })} aria-label={`Show every reporter, not only ${reporter}`}>
            ✕
          </Link>
        </span>
      )}
      {q && (
        <Link href={withParams(path, searchParams, { q: null, page: null })} className="btn btn-small">
          Clear search
        </Link>
      )}
    </div>
  );
}
