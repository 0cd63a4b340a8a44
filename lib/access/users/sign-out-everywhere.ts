import { recordAudit } from '@/lib/platform/audit';
import { ActionError } from '@/lib/access/permissions/errors';
import type { TActor } from '@/lib/access/permissions/scope';
import { endAllSessions } from '@/lib/access/auth/session-revocation';

/** Ends every session of the signed-in user, in every browser, this one included. */
export async function signOutEverywhere(actor: TActor, ip: string | null): Promise<void> {
  if (actor.userId === null) throw new ActionError('forbidden', 'Only a person signed in has sessions to end.');
  await endAllSessions(actor.userId);
  await recordAudit({ actor: { userId: actor.userId, label: actor.label }, action: 'auth.sign_out_everywhere', ip });
}
