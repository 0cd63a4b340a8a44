import type { Metadata } from 'next';
import { connection } from 'next/server';
import { CreateOrganizationForm } from '@/components/settings/organization-forms';
import { ROLE_LABELS, mayCreateOrganization, requireActor, requireSessionContext } from '@/lib/access';
import { Panel } from '@/components/ui/panel';
import { PlainTable } from '@/components/ui/plain-table';

export const metadata: Metadata = { title: 'Organisations' };

export default async function OrganizationsSettingsPage() {
  await connection();
  const actor = await requireActor();
  const context = await requireSessionContext();
  const mayCreate = await mayCreateOrganization(actor);
  return (
    <>
      <Panel title="Your organisations" aside={<span className="muted">switch between them in the sidebar</span>}>
        <PlainTable columns={['Organisation', 'Your role', '']}>
          {context.organizations.map((o) => (
            <tr key={o.id}>
              <td>
                <b>{o.name}</b>
              </td>
              <td>{ROLE_LABELS[o.role]}</td>
              <td>{o.id === actor.organizationId && <span className="badge badge-pass">current</span>}</td>
            </tr>
          ))}
        </PlainTable>
      </Panel>
      <Panel title="Create an organisation" body>
        {mayCreate ? (
          <>
            <p className="muted">
              A separate workspace with its own domains, members, mailboxes and API tokens; you become its owner. Its data is never
              visible to your other organisations.
            </p>
            <CreateOrganizationForm />
          </>
        ) : (
          <p className="muted">Owners of an organisation can create organisations. Ask an owner, or an operator (`atlas org create`).</p>
        )}
      </Panel>
    </>
  );
}
