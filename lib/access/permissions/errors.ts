import { actorCan, type TActor } from './scope';
import type { TPermission } from './roles';

export type TActionErrorCode = 'forbidden' | 'not_found' | 'conflict' | 'invalid';

/** A refusal from business logic, in words a person can act on (pages show it, the API maps it). */
export class ActionError extends Error {
  constructor(
    readonly code: TActionErrorCode,
    message: string,
  ) {
    super(message);
  }
}

export function assertCan(actor: TActor, permission: TPermission, message = 'Your role does not allow this.'): void {
  if (!actorCan(actor, permission)) throw new ActionError('forbidden', message);
}

export function auditActor(actor: TActor) {
  return { userId: actor.userId, tokenId: actor.tokenId, label: actor.label };
}
