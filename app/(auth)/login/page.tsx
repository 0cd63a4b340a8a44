import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { connection } from 'next/server';
import { LoginForm } from '@/components/auth/login-form';
import { authEnv, oidcConfigured, smtpConfigured } from '@/lib/platform/env';
import { getSessionContext, safeCallbackUrl, setupOpen } from '@/lib/access';

export const metadata: Metadata = { title: 'Sign in' };

export default async function LoginPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await connection();
  const params = await searchParams;
  const callbackUrl = safeCallbackUrl(params.callbackUrl);
  if (await setupOpen()) redirect('/setup');
  if (await getSessionContext()) redirect(callbackUrl);
  const env = authEnv();
  const error = typeof params.error === 'string' ? params.error : null;
  return (
    <>
      <h1>Sign in</h1>
      <p>Aggregate DMARC reports for your domains.</p>
      <LoginForm callbackUrl={callbackUrl} error={error} emailLinks={smtpConfigured(env)} oidcName={oidcConfigured(env) ? env.ATLAS_OIDC_NAME : null} />
    </>
  );
}
