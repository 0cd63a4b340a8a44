import { cookies } from 'next/headers';
import { redirect } from 'next/navigation';
import { cache } from 'react';
import { loadUserActor, type TUserContext } from '@/lib/access/permissions/load-user-actor';
import type { TActor } from '@/lib/access/permissions/scope';
import { ACTIVE_ORG_COOKIE } from './session-constants';
import { readSessionClaims } from './session-token';

export { ACTIVE_ORG_COOKIE };

/** The signed-in user and their rights for this request (memoised per request), or null. */
export const getSessionContext = cache(async (): Promise<TUserContext | null> => {
  // The cookie store, not the request's Cookie header: after a server action renewed the session
  // cookie (a new password), the page it re-renders must see the renewed one.
  const jar = await cookies();
  const claims = await readSessionClaims(jar.getAll().map((c) => `${c.name}=${c.value}`).join('; '));
  if (!claims) return null;
  const preferred = Number(jar.get(ACTIVE_ORG_COOKIE)?.value);
  return loadUserActor({ ...claims, organizationId: Number.isSafeInteger(preferred) ? preferred : null });
});

/** For pages: the session or a redirect to the login page. */
export async function requireSessionContext(): Promise<TUserContext> {
  const context = await getSessionContext();
  if (!context) redirect('/login');
  return context;
}

/** For dashboard pages: a member of an organisation (others are sent to /welcome). */
export async function requireActor(): Promise<TActor> {
  const context = await requireSessionContext();
  if (!context.actor) redirect('/welcome');
  return context.actor;
}
