import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { connection } from 'next/server';
import { SignOutButton } from '@/components/auth/sign-out-button';
import { requireSessionContext } from '@/lib/access';

export const metadata: Metadata = { title: 'No organisation' };

/** Signed in, but a member of no organisation (removed from the last one, or invitation pending). */
export default async function WelcomePage() {
  await connection();
  const context = await requireSessionContext();
  if (context.actor) redirect('/');
  return (
    <>
      <h1>No organisation yet</h1>
      <p>
        You are signed in as <b>{context.user.email}</b>, but you are not a member of any organisation. Ask an owner or admin to invite you, then open the link in
        their e-mail.
      </p>
      <SignOutButton className="btn" />
    </>
  );
}
