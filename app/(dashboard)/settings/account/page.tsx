import type { Metadata } from 'next';
import { connection } from 'next/server';
import { ChangePasswordForm, SignOutEverywhereButton } from '@/components/settings/account-forms';
import { requireActor } from '@/lib/access';
import { getAccount } from '@/lib/queries';

export const metadata: Metadata = { title: 'Account' };

const when = (date: Date | null) => (date ? `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC` : '—');

export default async function AccountSettingsPage() {
  await connection();
  const actor = await requireActor();
  const account = await getAccount(actor);
  return (
    <>
      <section className="panel">
        <div className="panel-head">
          <h2>Your account</h2>
        </div>
        <div className="panel-body">
          <dl className="facts">
            <dt>E-mail</dt>
            <dd>{account.email}</dd>
            <dt>Signs in with</dt>
            <dd>{account.signInMethods.join(', ')}</dd>
            <dt>Last sign-in</dt>
            <dd>{when(account.lastSignInAt)}</dd>
          </dl>
        </div>
      </section>
      <section className="panel">
        <div className="panel-head">
          <h2>Password</h2>
        </div>
        <div className="panel-body">
          {account.hasPassword ? (
            <ChangePasswordForm />
          ) : (
            <p className="muted">Your account has no password: it signs in with e-mail links or single sign-on.</p>
          )}
        </div>
      </section>
      <section className="panel">
        <div className="panel-head">
          <h2>Sessions</h2>
        </div>
        <div className="panel-body">
          <p>
            Signed in on a shared computer, or lost a device? End every session of your account at once. A new password does
            this too, for every browser but the one you change it in.
          </p>
          <SignOutEverywhereButton />
        </div>
      </section>
    </>
  );
}
