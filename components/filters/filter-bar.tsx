import { Suspense, type ReactNode } from 'react';
import { DateRangePicker } from './date-range-picker';
import { DomainFilter } from './domain-filter';
import styles from './filters.module.css';

/**
 * The filters above a page: domain (when the page covers several), period, and any extra
 * controls (e.g. a FailuresToggle). Put it in the page head; it wraps under the title on phones.
 */
export function FilterBar({ domains, children }: { domains?: string[]; children?: ReactNode }) {
  return (
    <div className={styles.bar}>
      {/* The filters read the URL in the browser; Suspense keeps a static shell renderable. */}
      <Suspense>
        {domains && domains.length > 1 && <DomainFilter domains={domains} />}
        <DateRangePicker />
      </Suspense>
      {children}
    </div>
  );
}
