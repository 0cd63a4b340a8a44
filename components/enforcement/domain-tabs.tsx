import Link from 'next/link';

const TABS = [
  { path: 'sources', label: 'Sender map' },
  { path: 'dns', label: 'DNS checks' },
  { path: 'enforcement', label: 'Enforcement' },
] as const;

/** The views of one domain. */
export function DomainTabs({ domain, current }: { domain: string; current: (typeof TABS)[number]['path'] }) {
  return (
    <nav className="tabs" aria-label={`Views of ${domain}`}>
      {TABS.map((t) => (
        <Link key={t.path} href={`/domains/${encodeURIComponent(domain)}/${t.path}`} aria-current={t.path === current ? 'page' : undefined}>
          {t.label}
        </Link>
      ))}
    </nav>
  );
}
