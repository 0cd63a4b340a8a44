'use server';

import { headers } from 'next/headers';
import { changePassword, clearSessionCookie, clientIp, deviceCookieName, parseCookies, renewSessionCookie, runAsMember, signOutEverywhere } from '@/lib/access';

// The signed-in person's own account. Each action runs as that member (runAsMember); the lib
// functions check the current password and the limits themselves.

export async function changePasswordAction(input: { current: string; next: string; confirm: string }) {
  return runAsMember(async (actor) => {
    const h = await headers();
    const deviceCookie = parseCookies(h.get('cookie')).get(deviceCookieName());
    const { sessionVersion } = await changePassword(actor, input, { ip: clientIp(h), deviceCookie });
    // Every other session ended with the old password; this browser stays signed in.
    await renewSessionCookie({ userId: actor.userId!, email: actor.label, sessionVersion });
  });
}

export async function signOutEverywhereAction() {
  return runAsMember(async (actor) => {
    await signOutEverywhere(actor, clientIp(await headers()));
    await clearSessionCookie();
  });
}
