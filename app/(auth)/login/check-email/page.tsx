import type { Metadata } from 'next';
import Link from 'next/link';

export const metadata: Metadata = { title: 'Check your e-mail' };

export default function CheckEmailPage() {
  return (
    <>
      <h1>Check your e-mail</h1>
      <p>If the address has an account here, a sign-in link is on its way. It works once and expires soon.</p>
      <Link href="/login">Back to sign in</Link>
    </>
  );
}
