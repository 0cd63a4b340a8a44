'use server';

import { cookies } from 'next/headers';
import { usesHttps } from '@/lib/platform/env';
import { ACTIVE_ORG_COOKIE, getSessionContext } from '@/lib/access';

/** Remembers the organisation to show; only one the user may switch to is accepted. */
export async function switchOrganizationAction(organizationId: number): Promise<{ ok: boolean }> {
  const context = await getSessionContext();
  if (!context?.organizations.some((o) => o.id === organizationId)) return { ok: false };
  (await cookies()).set(ACTIVE_ORG_COOKIE, String(organizationId), { httpOnly: true, sameSite: 'lax', secure: usesHttps(), path: '/', maxAge: 365 * 86_400 });
  return { ok: true };
}
