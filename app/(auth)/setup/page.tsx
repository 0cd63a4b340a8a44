import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { connection } from 'next/server';
import { SetupForm } from '@/components/auth/setup-form';
import { setupOpen } from '@/lib/access';

export const metadata: Metadata = { title: 'Set up' };

// Open only while the instance has no user at all (like Grafana's or umami's first run);
// `atlas user create` does the same from a shell.
export default async function SetupPage() {
  await connection();
  if (!(await setupOpen())) redirect('/login');
  return (
    <>
      <h1>Welcome</h1>
      <p>Create the first owner account. You can invite colleagues and add domains next.</p>
      <SetupForm />
    </>
  );
}
