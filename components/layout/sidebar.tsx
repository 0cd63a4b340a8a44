import Link from 'next/link';
import type { ReactNode } from 'react';
import { APP_VERSION } from '@/lib/platform/env';
import { NavLink } from './nav-link';
import { NAV_ITEMS } from './nav-items';

/** `account`: the signed-in user's block (organisation switcher, sign-out), above the version. */
export function Sidebar({ account }: { account?: ReactNode }) {
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
      {account}
      <div className="sidebar-foot">v{APP_VERSION}</div>
    </nav>
  );
}
