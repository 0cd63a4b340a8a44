import { headers } from 'next/headers';
import { z } from 'zod';
import { log } from '@/lib/platform/log';
import { ActionError } from '@/lib/access/permissions/errors';
import type { TActor } from '@/lib/access/permissions/scope';
import { clientIp } from './client-ip';
import { runWithRequestContext } from '@/lib/platform/audit';
import { getSessionContext } from './session';

/** Runs a server action with the client address known to the audit log and rate limiter. */
export async function withActionContext<T>(fn: () => Promise<T>): Promise<T> {
  const h = await headers();
  return runWithRequestContext({ ip: clientIp(h), userAgent: h.get('user-agent') }, fn);
}

export type TActionResult<T = undefined> = { ok: true; data: T } | { ok: false; error: string };

/**
 * The server-action counterpart of withApiAuth: a signed-in member or a refusal, business
 * errors as messages for the form, anything else logged. Server actions are public POST
 * endpoints, so each one goes through here rather than trusting the page that rendered it.
 */
export async function runAsMember<T>(fn: (actor: TActor) => Promise<T>): Promise<TActionResult<T>> {
  const context = await getSessionContext();
  if (!context?.actor) return { ok: false, error: 'Your session has ended: sign in again.' };
  try {
    return { ok: true, data: await withActionContext(() => fn(context.actor!)) };
  } catch (error) {
    if (error instanceof ActionError) return { ok: false, error: error.message };
    if (error instanceof z.ZodError) return { ok: false, error: error.issues[0]?.message ?? 'Check the form.' };
    log.error({ err: error }, 'server action failed');
    return { ok: false, error: 'Something went wrong on our side; it has been logged.' };
  }
}
