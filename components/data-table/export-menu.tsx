'use client';

import * as DropdownMenu from '@radix-ui/react-dropdown-menu';
import styles from './data-table.module.css';

const FORMATS = [
  { format: 'csv', label: 'CSV (spreadsheet)' },
  { format: 'json', label: 'JSON' },
] as const;

/** `href` with format=… set; `href` is an app-relative API URL carrying the table's filters. */
export function exportHref(href: string, format: string): string {
  const url = new URL(href, 'http://atlas.invalid');
  url.searchParams.set('format', format);
  return `${url.pathname}${url.search}`;
}

/**
 * Download what the table shows (every page, same filters) from the API, which accepts the
 * browser's session. Client component: Radix DropdownMenu for the keyboard and focus handling.
 */
export function ExportMenu({ href }: { href: string }) {
  return (
    <DropdownMenu.Root>
      <DropdownMenu.Trigger className="btn btn-small">Export ▾</DropdownMenu.Trigger>
      <DropdownMenu.Portal>
        <DropdownMenu.Content className={styles.menu} align="end" sideOffset={4}>
          {FORMATS.map((f) => (
            <DropdownMenu.Item key={f.format} asChild className={styles.menuItem}>
              <a href={exportHref(href, f.format)} download>
                {f.label}
              </a>
            </DropdownMenu.Item>
          ))}
        </DropdownMenu.Content>
      </DropdownMenu.Portal>
    </DropdownMenu.Root>
  );
}
