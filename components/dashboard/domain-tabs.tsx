import Link from 'next/link';
import { carryFilters } from '@/components/filters/carry-filters';
import type { TSearchParams } from '@/components/filters/href';

type TTab = 'overview' | 'sources' | 'reporters';

/** A domain's pages; the period and "failures only" follow along. Enforcement is the wizard's page. */
export function DomainTabs({ domain, current, params }: { domain: string; current: TTab | null; params: TSearchParams }) {
  const base = `/domains/${encodeURIComponent(domain)}`;
  const tabs: { id: TTab | 'enforcement'; label: string; href: string }[] = [
    { id: 'overview', label: 'Overview', href: carryFilters(base, params) },
    { id: 'sources', label: 'Sender map', href: carryFilters(`${base}/sources`, params) },
    { id: 'reporters', label: 'Reporters', href: carryFilters('/reporters', params, { domain }) },
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
