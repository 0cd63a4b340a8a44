import type { ReactNode } from 'react';
import { SettingsTabs } from '@/components/settings/settings-tabs';
import { actorCan, requireActor } from '@/lib/access';
import { PageHead } from '@/components/ui/page-head';

export default async function SettingsLayout({ children }: { children: ReactNode }) {
  const actor = await requireActor();
  const tabs = [
    { href: '/settings/domains', label: 'Domains' },
    { href: '/settings/members', label: 'Members' },
    { href: '/settings/mailboxes', label: 'Mailboxes' },
    { href: '/settings/enforcement', label: 'Enforcement' },
    { href: '/settings/notifications', label: 'Notifications' },
    ...(actorCan(actor, 'alerts.manage') ? [{ href: '/settings/alerts', label: 'Alerts' }] : []),
    { href: '/settings/alert-history', label: 'Alert history' },
    ...(actorCan(actor, 'tokens.manage') ? [{ href: '/settings/tokens', label: 'API tokens' }] : []),
    ...(actorCan(actor, 'audit.read') ? [{ href: '/settings/audit', label: 'Audit log' }] : []),
    ...(actorCan(actor, 'alerts.manage') ? [{ href: '/settings/jobs', label: 'Jobs' }] : []),
    { href: '/settings/organizations', label: 'Organisations' },
    { href: '/settings/account', label: 'Account' },
  ];
  return (
    <>
      <PageHead title="Settings" lead={actor.organizationName} />
      <SettingsTabs tabs={tabs} />
      {children}
    </>
  );
}
