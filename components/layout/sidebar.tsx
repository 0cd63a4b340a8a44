import Link from 'next/link';
import { APP_VERSION } from '@/lib/version';
import { NavLink } from './nav-link';
import { NAV_ITEMS } from './nav-items';

export function Sidebar() {
  return (
    <nav className="sidebar" aria-label="Main">
      <Link href="/" className="brand">
        <span className="brand-mark" aria-hidden />
        DMARC Atlas
      </Link>
      {NAV_ITEMS.map((item) => (
        <NavLink key={item.href} href={item.href}>
          {item.label}
        </NavLink>
      ))}
      <div className="sidebar-foot">v{APP_VERSION}</div>
    </nav>
  );
}
