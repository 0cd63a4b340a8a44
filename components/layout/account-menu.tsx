'use client';

import { useRouter } from 'next/navigation';
import { useTransition } from 'react';
import { switchOrganizationAction } from '@/app/(dashboard)/actions/switch-organization';
import { SignOutButton } from '@/components/auth/sign-out-button';
import { ThemeToggle } from '@/components/theme/theme-toggle';
import type { TTheme } from '@/components/theme/theme';

export interface TAccountMenuProps {
  email: string;
  role: string;
  activeOrganizationId: number;
  organizations: { id: number; name: string }[];
  theme: TTheme;
}

// Client component for the organisation switcher (a select that acts on change), the theme and sign-out.
export function AccountMenu(props: TAccountMenuProps) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  return (
    <div className="account">
      {props.organizations.length > 1 ? (
        <label>
          <span className="sr-only">Organisation</span>
          <select
            className="select"
            aria-label="Organisation"
            value={props.activeOrganizationId}
            disabled={pending}
            onChange={(event) => {
              const id = Number(event.target.value);
              startTransition(async () => {
                await switchOrganizationAction(id);
                router.push('/');
                router.refresh();
              });
            }}
          >
            {props.organizations.map((o) => (
              <option key={o.id} value={o.id}>
                {o.name}
              </option>
            ))}
          </select>
        </label>
      ) : (
        <div className="account-org">{props.organizations[0]?.name}</div>
      )}
      {/* The role on its own line: after a long address it used to be cut off. */}
      <div className="account-user" title={props.email}>
        {props.email}
      </div>
      <span className="account-role">{props.role}</span>
      <ThemeToggle initial={props.theme} tone="sidebar" />
      <SignOutButton />
    </div>
  );
}
