import type { Metadata } from 'next';
import Link from 'next/link';
import { connection } from 'next/server';
import { NoAccess } from '@/components/settings/no-access';
import { EmptyState } from '@/components/ui/empty-state';
import { actorCan, requireActor } from '@/lib/access';
import { listAuditLog } from '@/lib/queries';
import { plural } from '@/components/ui/plural';
import { Panel } from '@/components/ui/panel';
import { PlainTable } from '@/components/ui/plain-table';

export const metadata: Metadata = { title: 'Audit log' };

const PER_PAGE = 50;
const FILTERS = [
  { value: '', label: 'Everything' },
  { value: 'auth.', label: 'Sign-ins' },
  { value: 'member.', label: 'Members and roles' },
  { value: 'domain.', label: 'Domains' },
  { value: 'mailbox.', label: 'Mailboxes' },
  { value: 'source.', label: 'Approvals' },
  { value: 'token.', label: 'API tokens' },
];

function describe(details: unknown): string {
  if (!details || typeof details !== 'object') return '';
  return Object.entries(details as Record<string, unknown>)
    .filter(([, v]) => v !== null && v !== undefined && !(Array.isArray(v) && v.length === 0))
    .map(([k, v]) => `${k}: ${typeof v === 'object' ? JSON.stringify(v) : String(v)}`)
    .join(' · ');
}

export default async function AuditLogPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await connection();
  const actor = await requireActor();
  if (!actorCan(actor, 'audit.read')) return <NoAccess what="The audit log" />;
  const params = await searchParams;
  const page = Math.max(1, Math.min(10_000, Number(params.page) || 1));
  const action = typeof params.action === 'string' && FILTERS.some((f) => f.value === params.action) ? params.action : '';
  const { rows, total } = await listAuditLog(actor.scope, actor.organizationId, { page, perPage: PER_PAGE, action: action || undefined });
  const pages = Math.max(1, Math.ceil(total / PER_PAGE));
  const href = (p: number, a = action) => `/settings/audit?${new URLSearchParams({ ...(a ? { action: a } : {}), ...(p > 1 ? { page: String(p) } : {}) })}`;
  return (
    <Panel
      title="Audit log"
      aside={
        <nav style={{ display: 'flex', gap: 12, fontSize: 14 }} aria-label="Filter">
          {FILTERS.map((f) => (
            <Link key={f.value} href={href(1, f.value)} aria-current={f.value === action ? 'true' : undefined} style={f.value === action ? { fontWeight: 700 } : undefined}>
              {f.label}
            </Link>
          ))}
        </nav>
      }
    >
      {rows.length === 0 ? (
        <EmptyState title="Nothing recorded yet" />
      ) : (
        <PlainTable columns={['When (UTC)', 'Who', 'What', 'Details', 'IP']}>
          {rows.map((r) => (
            <tr key={r.id}>
              <td style={{ whiteSpace: 'nowrap' }}>{r.createdAt.toISOString().slice(0, 19).replace('T', ' ')}</td>
              <td>
                {r.actorLabel ?? '—'}
                {r.actorTokenId && <span className="badge badge-muted" style={{ marginLeft: 6 }}>token</span>}
              </td>
              <td>
                <code>{r.action}</code>
              </td>
              <td style={{ fontSize: 13 }}>{describe(r.details)}</td>
              <td className="muted">{r.ip ?? ''}</td>
            </tr>
          ))}
        </PlainTable>
      )}
      <div className="panel-body" style={{ display: 'flex', justifyContent: 'space-between', fontSize: 14 }}>
        <span className="muted">
          {plural(total, 'entry', 'entries')} · page {page} of {pages}
        </span>
        <span style={{ display: 'flex', gap: 12 }}>
          {page > 1 && <Link href={href(page - 1)}>← Newer</Link>}
          {page < pages && <Link href={href(page + 1)}>Older →</Link>}
        </span>
      </div>
    </Panel>
  );
}
