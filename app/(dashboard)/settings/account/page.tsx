import type { Metadata } from 'next';
import { connection } from 'next/server';
import { ChangePasswordForm, SignOutEverywhereButton } from '@/components/settings/account-forms';
import { requireActor } from '@/lib/access';
import { getAccount } from '@/lib/queries';
import { Panel } from '@/components/ui/panel';

export const metadata: Metadata = { title: 'Account' };

const when = (date: Date | null) => (date ? `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC` : '—');

export default async function AccountSettingsPage() {
  await connection();
  const actor = await requireActor();
  const account = await getAccount(actor);
  return (
    <>
      <Panel title="Your account" body>
        <dl className="facts">
          <dt>E-mail</dt>
          <dd>{account.email}</dd>
          <dt>Signs in with</dt>
          <dd>{account.signInMethods.join(', ')}</dd>
          <dt>Last sign-in</dt>
          <dd>{when(account.lastSignInAt)}</dd>
        </dl>
      </Panel>
      <Panel title="Password" body>
        {account.hasPassword ? (
          <ChangePasswordForm />
        ) : (
          <p className="muted">Your account has no password: it signs in with e-mail links or single sign-on.</p>
        )}
      </Panel>
      <Panel title="Sessions" body>
        <p>
          Signed in on a shared computer, or lost a device? End every session of your account at once. A new password does
          this too, for every browser but the one you change it in.
        </p>
        <SignOutEverywhereButton />
      </Panel>
    </>
  );
}
