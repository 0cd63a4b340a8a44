import type { Metadata } from 'next';
import Link from 'next/link';
import { connection } from 'next/server';
import { AcceptInviteButton, CreateAccountForm } from '@/components/auth/invite-accept';
import { SignOutButton } from '@/components/auth/sign-out-button';
import { findInvite, getSessionContext, ROLE_LABELS } from '@/lib/access';

export const metadata: Metadata = { title: 'Invitation' };

export default async function InvitePage({ params }: { params: Promise<{ token: string }> }) {
  await connection();
  const { token } = await params;
  const invite = await findInvite(token);
  if (!invite || invite.state !== 'valid') {
    const why = !invite ? 'This invitation link is not valid.' : invite.state === 'expired' ? 'This invitation has expired.' : invite.state === 'used' ? 'This invitation was already used.' : 'This invitation was withdrawn.';
    return (
      <>
        <h1>Invitation</h1>
        <p>{why} Ask whoever invited you for a new link.</p>
        <Link href="/login">Sign in</Link>
      </>
    );
  }
  const context = await getSessionContext();
  const intro = (
    <p>
      You are invited to <b>{invite.organizationName}</b> as {ROLE_LABELS[invite.role].toLowerCase()}, with <b>{invite.email}</b>.
    </p>
  );
  if (context && context.user.email !== invite.email) {
    return (
      <>
        <h1>Invitation</h1>
        {intro}
        <div className="notice notice-error">You are signed in as {context.user.email}. Sign out, then open the link again.</div>
        <p style={{ marginTop: 14 }}>
          <SignOutButton className="btn" />
        </p>
      </>
    );
  }
  if (context) {
    return (
      <>
        <h1>Join {invite.organizationName}</h1>
        {intro}
        <AcceptInviteButton token={token} />
      </>
    );
  }
  if (invite.userExists) {
    return (
      <>
        <h1>Join {invite.organizationName}</h1>
        {intro}
        <Link className="btn btn-primary" href={`/login?callbackUrl=${encodeURIComponent(`/invite/${token}`)}`}>
          Sign in to accept
        </Link>
      </>
    );
  }
  return (
    <>
      <h1>Join {invite.organizationName}</h1>
      {intro}
      <CreateAccountForm token={token} email={invite.email} />
    </>
  );
}
