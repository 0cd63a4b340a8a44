'use server';

import { cookies } from 'next/headers';
import { usesHttps } from '@/lib/platform/env';
import { ACTIVE_ORG_COOKIE, createOrganizationAs, runAsMember } from '@/lib/access';

/** Creates an organisation owned by the signed-in user and switches to it. */
export async function createOrganizationAction(name: string) {
  return runAsMember(async (actor) => {
    const org = await createOrganizationAs(actor, name);
    (await cookies()).set(ACTIVE_ORG_COOKIE, String(org.id), { httpOnly: true, sameSite: 'lax', secure: usesHttps(), path: '/', maxAge: 365 * 86_400 });
    return org;
  });
}
