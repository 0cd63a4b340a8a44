import { z } from 'zod';
import { recordAudit, type TAuditActor } from '@/lib/platform/audit';
import { prisma } from '@/lib/platform/db';
import { displayPrefix, generateToken, hashToken } from './token-format';

export const ZTokenScope = z.enum(['read', 'ingest']);
export type TTokenScope = z.infer<typeof ZTokenScope>;

export const ZCreateApiToken = z.object({
  organizationId: z.number().int().positive(),
  name: z.string().trim().min(1, 'Name the token.').max(100),
  scope: ZTokenScope,
  expiresInDays: z.number().int().positive().max(3650).optional(),
});

/** Creates a token; the secret is returned here once and only its hash is stored. */
export async function createApiToken(input: z.input<typeof ZCreateApiToken>, actor: TAuditActor & { userId?: number | null }) {
  const data = ZCreateApiToken.parse(input);
  const token = generateToken();
  const row = await prisma().apiToken.create({
    data: {
      organizationId: data.organizationId,
      name: data.name,
      scope: data.scope,
      tokenHash: hashToken(token),
      prefix: displayPrefix(token),
      createdById: actor.userId ?? null,
      expiresAt: data.expiresInDays ? new Date(Date.now() + data.expiresInDays * 86_400_000) : null,
    },
    select: { id: true, name: true, scope: true, prefix: true, createdAt: true, expiresAt: true },
  });
  await recordAudit({ organizationId: data.organizationId, actor, action: 'token.created', targetType: 'api_token', targetId: row.id, details: { name: row.name, scope: row.scope } });
  return { ...row, token };
}
