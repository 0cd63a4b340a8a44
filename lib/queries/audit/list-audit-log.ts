import { prisma, Prisma } from '@/lib/platform/db';
import type { TAccessScope } from '@/lib/access';

export interface TAuditRow {
  id: string;
  createdAt: Date;
  action: string;
  actorLabel: string | null;
  actorUserId: number | null;
  actorTokenId: number | null;
  targetType: string | null;
  targetId: string | null;
  details: unknown;
  ip: string | null;
}

/**
 * An organisation's audit trail, newest first: its own entries plus the sign-ins (which belong
 * to no organisation) of its current members.
 */
export async function listAuditLog(scope: TAccessScope, organizationId: number, options: { page: number; perPage: number; action?: string }) {
  if (!scope.organizationIds.includes(organizationId)) return { rows: [] as TAuditRow[], total: 0 };
  const actionFilter = options.action ? Prisma.sql`AND a.action LIKE ${`${options.action.replace(/[%_\\]/g, '')}%`}` : Prisma.empty;
  const where = Prisma.sql`
    (a.organization_id = ${organizationId}
     OR (a.organization_id IS NULL AND a.actor_user_id IN (SELECT user_id FROM membership WHERE organization_id = ${organizationId})))
    ${actionFilter}`;
  const [rows, count] = await Promise.all([
    prisma().$queryRaw<(Omit<TAuditRow, 'createdAt' | 'actorLabel' | 'actorUserId' | 'actorTokenId' | 'targetType' | 'targetId'> & {
      created_at: Date;
      actor_label: string | null;
      actor_user_id: number | null;
      actor_token_id: number | null;
      target_type: string | null;
      target_id: string | null;
    })[]>`
      SELECT a.id::text, a.created_at, a.action, a.actor_label, a.actor_user_id, a.actor_token_id, a.target_type, a.target_id, a.details, a.ip
        FROM audit_log a
       WHERE ${where}
       ORDER BY a.created_at DESC, a.id DESC
       LIMIT ${options.perPage} OFFSET ${(options.page - 1) * options.perPage}`,
    prisma().$queryRaw<{ n: string }[]>`SELECT count(*)::text AS n FROM audit_log a WHERE ${where}`,
  ]);
  return {
    total: Number(count[0]?.n ?? 0),
    rows: rows.map(
      (r): TAuditRow => ({
        id: r.id,
        createdAt: r.created_at,
        action: r.action,
        actorLabel: r.actor_label,
        actorUserId: r.actor_user_id,
        actorTokenId: r.actor_token_id,
        targetType: r.target_type,
        targetId: r.target_id,
        details: r.details,
        ip: r.ip,
      }),
    ),
  };
}
