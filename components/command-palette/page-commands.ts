import { NAV_ITEMS } from '@/components/layout/nav-items';
import type { TCommandItem } from './types';

/** Fixed palette entries: the sidebar's pages and the settings tabs. */
export const PAGE_COMMANDS: TCommandItem[] = [
  ...NAV_ITEMS.map((item) => ({ id: `page:${item.href}`, kind: 'page' as const, label: item.label, href: item.href })),
  { id: 'page:/settings/domains', kind: 'page', label: 'Settings › Domains', href: '/settings/domains' },
  { id: 'page:/settings/members', kind: 'page', label: 'Settings › Members', href: '/settings/members' },
  { id: 'page:/settings/mailboxes', kind: 'page', label: 'Settings › Mailboxes', href: '/settings/mailboxes' },
  { id: 'page:/settings/tokens', kind: 'page', label: 'Settings › API tokens', href: '/settings/tokens' },
];
