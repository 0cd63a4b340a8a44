import type { Metadata } from 'next';
import { connection } from 'next/server';
import { NoAccess } from '@/components/settings/no-access';
import { CreateTokenForm, RevokeTokenButton } from '@/components/settings/token-forms';
import { EmptyState } from '@/components/ui/empty-state';
import { actorCan, requireActor } from '@/lib/access';
import { listApiTokens } from '@/lib/queries';
import { Panel } from '@/components/ui/panel';
import { PlainTable } from '@/components/ui/plain-table';

export const metadata: Metadata = { title: 'API tokens' };

const when = (date: Date | null) => (date ? `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC` : '—');

export default async function TokensSettingsPage() {
  await connection();
  const actor = await requireActor();
  if (!actorCan(actor, 'tokens.manage')) return <NoAccess what="Managing API tokens" />;
  const tokens = await listApiTokens(actor.scope, actor.organizationId);
  const now = new Date();
  return (
    <>
      <Panel title="API tokens" aside={<a href="/api/v1/openapi.json">OpenAPI document</a>}>
        {tokens.length === 0 ? (
          <EmptyState title="No tokens yet">
            <p>Tokens let scripts read this organisation&apos;s data or upload reports: <code>Authorization: Bearer atl_…</code></p>
          </EmptyState>
        ) : (
          <PlainTable columns={['Name', 'Scope', 'Token', 'Created', 'Last used', 'Status', '']}>
            {tokens.map((t) => {
              const expired = t.expiresAt !== null && t.expiresAt <= now;
              const live = !t.revokedAt && !expired;
              return (
                <tr key={t.id}>
                  <td>
                    <b>{t.name}</b>
                  </td>
                  <td>{t.scope}</td>
                  <td>
                    <code>{t.prefix}…</code>
                  </td>
                  <td>{when(t.createdAt)}</td>
                  <td>
                    {when(t.lastUsedAt)}
                    {t.lastUsedIp && <div className="muted" style={{ fontSize: 12.5 }}>{t.lastUsedIp}</div>}
                  </td>
                  <td>
                    {t.revokedAt ? (
                      <span className="badge badge-fail">revoked</span>
                    ) : expired ? (
                      <span className="badge badge-warn">expired</span>
                    ) : (
                      <span className="badge badge-pass">active{t.expiresAt ? ` until ${t.expiresAt.toISOString().slice(0, 10)}` : ''}</span>
                    )}
                  </td>
                  <td>{live && <RevokeTokenButton tokenId={t.id} name={t.name} />}</td>
                </tr>
              );
            })}
          </PlainTable>
        )}
      </Panel>
      <Panel title="Create a token" body>
        <CreateTokenForm />
      </Panel>
    </>
  );
}
