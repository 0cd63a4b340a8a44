'use client';

import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { withParams } from './href';
import styles from './filters.module.css';

/**
 * "All domains" or one of `domains`, kept in the URL as `domain` (back to page 1 on change).
 * Client component: a select that navigates when it changes.
 */
export function DomainFilter({ domains }: { domains: string[] }) {
  const pathname = usePathname();
  const params = useSearchParams();
  const router = useRouter();
  const current = params.get('domain') ?? '';
  return (
    <label className={styles.domain}>
      <span className="sr-only">Domain</span>
      <select className="select" value={domains.includes(current) ? current : ''} onChange={(event) => router.push(withParams(pathname, params, { domain: event.target.value || null, page: null }))}>
        <option value="">All domains</option>
        {domains.map((d) => (
          <option key={d} value={d}>
            {d}
          </option>
        ))}
      </select>
    </label>
  );
}
