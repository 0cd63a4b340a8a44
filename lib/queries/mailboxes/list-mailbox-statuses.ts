import { prisma } from '@/lib/platform/db';

/** `atlas stats --json` → `mailboxes`: one entry per enabled mailbox, JSON-safe. */
export interface TMailboxStatus {
  label: string;
  organization: string | null;
  last_success_at: string | null;
  last_error: string | null;
  last_error_at: string | null;
  backlog: number;
  kind: string;
  /** OAuth2 mailboxes: when the worker's current token expires. */
  token_expires_at: string | null;
}

export async function listMailboxStatuses(): Promise<TMailboxStatus[]> {
  const rows = await prisma().mailbox.findMany({
    where: { enabled: true },
    select: { label: true, lastSuccessAt: true, lastError: true, lastErrorAt: true, backlog: true, kind: true, tokenExpiresAt: true, organization: { select: { name: true } } },
    orderBy: [{ organizationId: { sort: 'asc', nulls: 'first' } }, { label: 'asc' }],
  });
  return rows.map((r) => ({
    label: r.label,
    organization: r.organization?.name ?? null,
    last_success_at: r.lastSuccessAt?.toISOString() ?? null,
    last_error: r.lastError,
    last_error_at: r.lastErrorAt?.toISOString() ?? null,
    backlog: r.backlog,
    kind: r.kind,
    token_expires_at: r.tokenExpiresAt?.toISOString() ?? null,
  }));
}
