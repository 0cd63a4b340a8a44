import { redirect } from 'next/navigation';
import type { ReactNode } from 'react';
import { commandSearchAction } from '@/app/(dashboard)/actions/command-search';
import { CommandPalette } from '@/components/command-palette/command-palette';
import { PAGE_COMMANDS } from '@/components/command-palette/page-commands';
import { AccountMenu } from '@/components/layout/account-menu';
import { Sidebar } from '@/components/layout/sidebar';
import { readTheme } from '@/components/theme/read-theme';
import { requireSessionContext, ROLE_LABELS } from '@/lib/access';

// Every dashboard page needs a signed-in member (proxy.ts checks the cookie first; this checks
// the user and their memberships in the database). Pages still ask for the actor themselves
// (requireActor) because a layout does not re-run on every navigation.
export default async function DashboardLayout({ children }: { children: ReactNode }) {
  const context = await requireSessionContext();
  if (!context.actor) redirect('/welcome');
  const { actor } = context;
  const theme = await readTheme();
  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <Sidebar
        search={<CommandPalette search={commandSearchAction} pages={PAGE_COMMANDS} />}
        account={
          <AccountMenu
            email={context.user.email}
            role={ROLE_LABELS[actor.role]}
            activeOrganizationId={actor.organizationId}
            organizations={context.organizations.map((o) => ({ id: o.id, name: o.name }))}
            theme={theme}
          />
        }
      />
      <main className="main" id="main" tabIndex={-1}>
        {children}
      </main>
    </div>
  );
}
