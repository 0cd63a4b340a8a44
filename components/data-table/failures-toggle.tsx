import Link from 'next/link';
import { withParams, type TSearchParams } from '@/components/filters/href';
import styles from './data-table.module.css';

/**
 * "Failures only" (URL `failures=1`: messages that pass neither aligned SPF nor aligned DKIM).
 * A link styled as a switch, so it works without JavaScript; back to page 1 when it flips.
 */
export function FailuresToggle({ path, searchParams, on }: { path: string; searchParams: TSearchParams; on: boolean }) {
  return (
    <Link
      href={withParams(path, searchParams, { failures: on ? null : 1, page: null })}
      className={styles.toggle}
      aria-current={on ? 'true' : undefined}
      title="Only mail that failed DMARC: neither aligned SPF nor aligned DKIM passed"
    >
      <span className={styles.switch} aria-hidden />
      Failures only
      <span className="sr-only">{on ? ' (on)' : ' (off)'}</span>
    </Link>
  );
}
