import type { Metadata } from 'next';
import { connection } from 'next/server';
import { InviteForm, MemberControls, RevokeInviteButton } from '@/components/settings/member-forms';
import { actorCan, requireActor, ROLE_LABELS } from '@/lib/access';
import { listMembers, listPendingInvites, listScopeDomains } from '@/lib/queries';
import { Panel } from '@/components/ui/panel';
import { PlainTable } from '@/components/ui/plain-table';

export const metadata: Metadata = { title: 'Members' };

const day = (date: Date | null) => (date ? date.toISOString().slice(0, 10) : '—');

// Only domains in the reader's own scope are named: a viewer must not learn, through a
// colleague's grants, that a domain they can't see exists.
function GrantedDomains({ names }: { names: string[] }) {
  return names.length ? <>{names.join(', ')}</> : <span className="muted">none</span>;
}

export default async function MembersSettingsPage() {
  await connection();
  const actor = await requireActor();
  const manage = actorCan(actor, 'members.manage');
  const manageOwners = actorCan(actor, 'members.manage_owners');
  const [members, invites, domains] = await Promise.all([listMembers(actor), manage ? listPendingInvites(actor) : [], listScopeDomains(actor.scope)]);
  const domainOptions = domains.map((d) => ({ id: d.id, name: d.name }));
  const domainName = new Map(domainOptions.map((d) => [d.id, d.name]));
  return (
    <>
      <Panel title="Members" aside={<span className="muted">Owners and admins see every domain; viewers see the domains granted to them.</span>}>
        <PlainTable columns={['Member', 'Role', 'Domains', 'Last sign-in', manage && 'Manage']}>
          {members.map((m) => (
            <tr key={m.membershipId}>
              <td>
                <b>{m.name ?? m.email}</b>
                {m.name && <div className="muted">{m.email}</div>}
              </td>
              <td>
                <span className={`badge ${m.role === 'viewer' ? 'badge-muted' : 'badge-pass'}`}>{ROLE_LABELS[m.role]}</span>
              </td>
              <td>
                {m.role === 'viewer' ? <GrantedDomains names={m.domainIds.flatMap((id) => domainName.get(id) ?? [])} /> : <span className="muted">all</span>}
              </td>
              <td>{day(m.lastSignInAt)}</td>
              {manage && (
                <td>
                  <MemberControls
                    membershipId={m.membershipId}
                    email={m.email}
                    role={m.role}
                    domainIds={m.domainIds}
                    domains={domainOptions}
                    canManageOwners={manageOwners}
                    isSelf={m.userId === actor.userId}
                  />
                </td>
              )}
            </tr>
          ))}
        </PlainTable>
      </Panel>

      {manage && invites.length > 0 && (
        <Panel title="Pending invitations">
          <PlainTable columns={['E-mail', 'Role', 'Expires', '']}>
            {invites.map((invite) => (
              <tr key={invite.id}>
                <td>{invite.email}</td>
                <td>{ROLE_LABELS[invite.role]}</td>
                <td>{day(invite.expiresAt)}</td>
                <td>
                  <RevokeInviteButton inviteId={invite.id} />
                </td>
              </tr>
            ))}
          </PlainTable>
        </Panel>
      )}

      {manage && (
        <Panel title="Invite someone" body>
          <InviteForm domains={domainOptions} canInviteOwners={manageOwners} />
        </Panel>
      )}
    </>
  );
}
