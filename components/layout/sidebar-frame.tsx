'use client';

import { usePathname } from 'next/navigation';
import { useEffect, useState, type ReactNode } from 'react';

/**
 * The sidebar's shell: on phones (CSS, max-width 760px) its links fold behind a Menu button and
 * the sidebar becomes a top bar. Client component for the open state; it closes again after a
 * navigation and on Escape.
 */
export function SidebarFrame({ brand, children }: { brand: ReactNode; children: ReactNode }) {
  const [open, setOpen] = useState(false);
  const pathname = usePathname();
  // Close the phone menu after each navigation: adjusting state on a prop change during render
  // (React's documented pattern) instead of an effect that would render twice.
  const [lastPath, setLastPath] = useState(pathname);
  if (lastPath !== pathname) {
    setLastPath(pathname);
    setOpen(false);
  }
  useEffect(() => {
    if (!open) return;
    const onKey = (event: KeyboardEvent) => event.key === 'Escape' && setOpen(false);
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [open]);
  return (
    <nav className="sidebar" aria-label="Main" data-open={open}>
      <div className="sidebar-top">
        {brand}
        <button type="button" className="btn btn-small menu-button" aria-expanded={open} aria-controls="sidebar-nav" onClick={() => setOpen(!open)}>
          {open ? 'Close' : 'Menu'}
        </button>
      </div>
      <div className="sidebar-nav" id="sidebar-nav">
        {children}
      </div>
    </nav>
  );
}
