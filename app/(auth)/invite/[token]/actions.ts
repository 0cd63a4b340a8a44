'use server';

import { cookies } from 'next/headers';
import { acceptInvite, acceptInviteAsNewUser, ActionError, ACTIVE_ORG_COOKIE, getSessionContext, withActionContext } from '@/lib/access';
import { usesHttps } from '@/lib/platform/env';

export type TInviteResult = { ok: true; email?: string } | { ok: false; error: string };

async function activate(organizationId: number) {
  (await cookies()).set(ACTIVE_ORG_COOKIE, String(organizationId), { httpOnly: true, sameSite: 'lax', secure: usesHttps(), path: '/', maxAge: 365 * 86_400 });
}

async function run(fn: () => Promise<{ organizationId: number; email?: string }>): Promise<TInviteResult> {
  try {
    const { organizationId, email } = await withActionContext(fn);
    await activate(organizationId);
    return { ok: true, email };
  } catch (error) {
    if (error instanceof ActionError) return { ok: false, error: error.message };
    if (error && typeof error === 'object' && 'issues' in error) return { ok: false, error: 'Use a password of at least 10 characters.' };
    throw error;
  }
}

export async function acceptInviteAction(token: string): Promise<TInviteResult> {
  const context = await getSessionContext();
  if (!context) return { ok: false, error: 'Sign in first.' };
  return run(() => acceptInvite(token, context.user));
}

export async function acceptInviteNewUserAction(token: string, input: { name?: string; password: string }): Promise<TInviteResult> {
  return run(() => acceptInviteAsNewUser(token, input));
}
