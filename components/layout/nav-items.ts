// The sidebar's entries; a feature adds its page here when it lands.
export const NAV_ITEMS: ReadonlyArray<{ href: string; label: string }> = [
  { href: '/', label: 'Overview' },
  { href: '/reports', label: 'Reports' },
  { href: '/ingest', label: 'Upload & ingest log' },
  { href: '/settings', label: 'Settings' },
];
