// The sidebar's entries; a feature adds its page here when it lands.
export const NAV_ITEMS: ReadonlyArray<{ href: string; label: string }> = [
  { href: '/', label: 'Overview' },
  { href: '/diagnose', label: 'Diagnose a bounce' },
  { href: '/reporters', label: 'Reporters' },
  { href: '/settings', label: 'Settings' },
];
