import styles from './skeleton.module.css';

// Placeholders while a page's data loads (route loading.tsx files and Suspense fallbacks).
// Server components; hidden from assistive technology, which gets one "Loading" status instead.

/** One grey block of a given size. */
export function Skeleton({ width = '100%', height = 12, className = '' }: { width?: number | string; height?: number | string; className?: string }) {
  return <span aria-hidden className={`${styles.block} ${className}`} style={{ width, height }} />;
}

/** A row of stat cards. */
export function SkeletonCards({ count = 4 }: { count?: number }) {
  return (
    <div className="cards" aria-hidden>
      {Array.from({ length: count }, (_, i) => (
        <div className="card" key={i}>
          <Skeleton width="45%" />
          <Skeleton width="70%" height={26} className={styles.line} />
        </div>
      ))}
    </div>
  );
}

/** A panel with a title bar and table rows. */
export function SkeletonTable({ rows = 6 }: { rows?: number }) {
  return (
    <div className="panel" aria-hidden>
      <div className="panel-head">
        <Skeleton width={160} height={16} />
      </div>
      {Array.from({ length: rows }, (_, i) => (
        <div className={styles.row} key={i}>
          <Skeleton />
          <Skeleton />
          <Skeleton />
          <Skeleton />
        </div>
      ))}
    </div>
  );
}

/** A panel the size of a time-series chart. */
export function SkeletonChart({ height = 240 }: { height?: number }) {
  return (
    <div className="panel" aria-hidden>
      <div className="panel-head">
        <Skeleton width={220} height={16} />
      </div>
      <Skeleton height={height} className={styles.chart} width="auto" />
    </div>
  );
}

/** A whole dashboard page: heading, cards, a chart and a table. */
export function PageSkeleton({ chart = true }: { chart?: boolean }) {
  return (
    <div role="status" aria-live="polite">
      <span className="sr-only">Loading…</span>
      <div className="page-head" aria-hidden>
        <div>
          <Skeleton width={220} height={26} />
          <Skeleton width={360} className={styles.line} />
        </div>
      </div>
      <SkeletonCards />
      {chart && <SkeletonChart />}
      <SkeletonTable />
    </div>
  );
}
