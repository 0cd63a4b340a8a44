import Link from 'next/link';
import { carryFilters } from '@/components/filters/carry-filters';
import type { TSearchParams } from '@/components/filters/href';

type TTab = 'overview' | 'sources' | 'reporters' | 'dns' | 'enforcement';

/**
 * A domain's pages. The period and "failures only" follow along to the report-based ones; the
 * DNS checks and the wizard have their own windows.
 */
export function DomainTabs({ domain, current, params = {} }: { domain: string; current: TTab | null; params?: TSearchParams }) {
  const base = `/domains/${encodeURIComponent(domain)}`;
  const tabs: { id: TTab; label: string; href: string }[] = [
    { id: 'overview', label: 'Overview', href: carryFilters(base, params) },
    { id: 'sources', label: 'Sender map', href: carryFilters(`${base}/sources`, params) },
    { id: 'reporters', label: 'Reporters', href: carryFilters('/reporters', params, { domain }) },
    { id: 'dns', label: 'DNS checks', href: `${base}/dns` },
    { id: 'enforcement', label: 'Enforcement', href: `${base}/enforcement` },
  ];
  return (
    <nav className="tabs" aria-label={`${domain} pages`}>
      {tabs.map((t) => (
        <Link key={t.id} href={t.href} aria-current={t.id === current ? 'page' : undefined}>
          {t.label}
        </Link>
      ))}
    </nav>
  );
}
