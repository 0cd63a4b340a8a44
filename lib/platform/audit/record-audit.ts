import { prisma, type Prisma } from '@/lib/platform/db';
import { log } from '@/lib/platform/log';
import { requestContext } from './request-context';

// Dotted verb names; the audit page groups and labels them. Other features add theirs
// (e.g. 'mailbox.created', 'source.approved') — any string is stored.
export type TAuditAction =
  | 'auth.sign_in'
  | 'auth.sign_in_failed'
  | 'auth.sign_out'
  | 'auth.rate_limited'
  | 'user.created'
  | 'org.created'
  | 'org.switched'
  | 'member.invited'
  | 'member.invite_revoked'
  | 'member.joined'
  | 'member.role_changed'
  | 'member.domains_changed'
  | 'member.removed'
  | 'domain.claimed'
  | 'domain.claim_removed'
  | 'domain.verified'
  | 'domain.verification_failed'
  | 'domain.added'
  | 'domain.removed'
  | 'token.created'
  | 'token.revoked'
  | 'token.used'
  | (string & {});

export interface TAuditActor {
  userId?: number | null;
  tokenId?: number | null;
  /** E-mail address or token name. */
  label?: string | null;
}

export interface TAuditEntry {
  organizationId?: number | null;
  actor?: TAuditActor | null;
  action: TAuditAction;
  targetType?: string;
  targetId?: string | number | bigint;
  details?: Prisma.InputJsonObject;
  ip?: string | null;
}

/**
 * Appends one entry. Auditing must never break the action it records, so a failed write is
 * logged rather than thrown (the action itself has already happened).
 */
export async function recordAudit(entry: TAuditEntry, db: Pick<Prisma.TransactionClient, 'auditLog'> = prisma()): Promise<void> {
  try {
    await db.auditLog.create({
      data: {
        organizationId: entry.organizationId ?? null,
        actorUserId: entry.actor?.userId ?? null,
        actorTokenId: entry.actor?.tokenId ?? null,
        actorLabel: entry.actor?.label ?? null,
        action: entry.action,
        targetType: entry.targetType ?? null,
        targetId: entry.targetId === undefined ? null : String(entry.targetId),
        details: entry.details ?? {},
        ip: entry.ip ?? requestContext()?.ip ?? null,
      },
    });
  } catch (error) {
    log.error({ err: error, action: entry.action }, 'could not write the audit log');
  }
}
