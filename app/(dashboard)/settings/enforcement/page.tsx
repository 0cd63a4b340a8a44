import type { Metadata } from 'next';
import { connection } from 'next/server';
import { EnforcementSettingsForm } from '@/components/enforcement/enforcement-settings-form';
import { actorCan, requireActor } from '@/lib/access';
import { settingsFromRow } from '@/lib/enforcement';
import { getEnforcementSettings } from '@/lib/queries';
import { Panel } from '@/components/ui/panel';

export const metadata: Metadata = { title: 'Enforcement thresholds' };

export default async function EnforcementSettingsPage() {
  await connection();
  const actor = await requireActor();
  const row = await getEnforcementSettings(actor.scope, actor.organizationId);
  const canEdit = actorCan(actor, 'policy.manage');
  return (
    <Panel title="Readiness gates" aside={<span className="muted">{row ? `changed by ${row.updatedByLabel ?? 'someone'} on ${row.updatedAt.toISOString().slice(0, 10)}` : 'defaults'}</span>} body>
      <p className="muted" style={{ marginTop: 0 }}>
        The enforcement wizard lets a domain move to its next stage when these hold for the organisation’s domains.{canEdit ? '' : ' Owners and admins can change them.'}
      </p>
      <EnforcementSettingsForm settings={settingsFromRow(row)} canEdit={canEdit} />
    </Panel>
  );
}
