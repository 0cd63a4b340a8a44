'use client';

import { signIn } from 'next-auth/react';
import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';

const MESSAGES: Record<string, string> = {
  CredentialsSignin: 'Wrong e-mail address or password.',
  RateLimited: 'Too many failed attempts. Wait a few minutes, then try again.',
  NoAccount: 'There is no account for that address here. Ask an owner of your organisation for an invitation.',
  AccessDenied: 'You cannot sign in with that account.',
  Verification: 'That sign-in link has expired or was already used. Ask for a new one.',
  OAuthAccountNotLinked: 'That identity is linked to another account.',
  SessionRequired: 'Please sign in.',
};

export function messageFor(code: string | null | undefined): string | null {
  if (!code) return null;
  return MESSAGES[code] ?? 'Sign-in failed. Please try again.';
}

export function LoginForm(props: { callbackUrl: string; error?: string | null; emailLinks: boolean; oidcName: string | null }) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(messageFor(props.error));
  const [busy, setBusy] = useState(false);
  const [linkSentTo, setLinkSentTo] = useState<string | null>(null);

  async function onPassword(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setBusy(true);
    setError(null);
    const result = await signIn('credentials', {
      email: String(form.get('email') ?? ''),
      password: String(form.get('password') ?? ''),
      redirect: false,
      callbackUrl: props.callbackUrl,
    });
    if (result?.ok && !result.error) {
      router.replace(props.callbackUrl);
      router.refresh();
      return;
    }
    setBusy(false);
    setError(messageFor(result?.error ?? 'CredentialsSignin'));
  }

  async function onEmailLink(event: FormEvent<HTMLButtonElement>) {
    const form = event.currentTarget.form;
    const email = String(new FormData(form!).get('email') ?? '').trim();
    if (!email) {
      setError('Enter your e-mail address first.');
      return;
    }
    setBusy(true);
    setError(null);
    const result = await signIn('email', { email, redirect: false, callbackUrl: props.callbackUrl });
    setBusy(false);
    if (result?.error) setError(messageFor(result.error));
    else setLinkSentTo(email);
  }

  if (linkSentTo) {
    return (
      <div className="notice notice-ok" role="status">
        If <b>{linkSentTo}</b> has an account here, a sign-in link is on its way. It works once and expires soon.
      </div>
    );
  }

  return (
    <>
      <form className="form" onSubmit={onPassword} aria-label="Sign in">
        {error && (
          <div className="notice notice-error" role="alert">
            {error}
          </div>
        )}
        <label className="field">
          <span>E-mail</span>
          <input className="input" name="email" type="email" autoComplete="username" required autoFocus />
        </label>
        <label className="field">
          <span>Password</span>
          <input className="input" name="password" type="password" autoComplete="current-password" required={!props.emailLinks} />
        </label>
        <button className="btn btn-primary" type="submit" disabled={busy}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
        {props.emailLinks && (
          <button className="btn" type="button" formNoValidate disabled={busy} onClick={onEmailLink}>
            E-mail me a sign-in link
          </button>
        )}
      </form>
      {props.oidcName && (
        <>
          <div className="auth-or">or</div>
          <button className="btn" style={{ width: '100%', justifyContent: 'center' }} type="button" onClick={() => signIn('oidc', { callbackUrl: props.callbackUrl })}>
            Continue with {props.oidcName}
          </button>
        </>
      )}
    </>
  );
}
