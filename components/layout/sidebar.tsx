import Link from 'next/link';
import type { ReactNode } from 'react';
import { APP_VERSION } from '@/lib/platform/env';
import { NavLink } from './nav-link';
import { NAV_ITEMS } from './nav-items';
import { SidebarFrame } from './sidebar-frame';

/**
 * `account`: the signed-in user's block (organisation switcher, sign-out, theme), above the
 * version; `search`: the command palette's button, above the links.
 */
export function Sidebar({ account, search }: { account?: ReactNode; search?: ReactNode }) {
  return (
    <SidebarFrame
      brand={
        <Link href="/" className="brand">
          <span className="brand-mark" aria-hidden />
          DMARC Atlas
        </Link>
      }
    >
      {search}
      {NAV_ITEMS.map((item) => (
        <NavLink key={item.href} href={item.href}>
          {item.label}
        </NavLink>
      ))}
      {account}
      <div className="sidebar-foot">v{APP_VERSION}</div>
    </SidebarFrame>
  );
}
