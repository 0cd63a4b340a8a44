import type { Metadata } from 'next';
import Link from 'next/link';
import { connection } from 'next/server';
import { AlertRuleForm } from '@/components/notifications/alert-rule-form';
import { DeleteRuleButton, DeleteWebhookButton, ToggleRuleButton } from '@/components/notifications/alert-row-actions';
import { WebhookForm } from '@/components/notifications/webhook-form';
import { NoAccess } from '@/components/settings/no-access';
import { EmptyState } from '@/components/ui/empty-state';
import { actorCan, requireActor } from '@/lib/access';
import { KIND_LABELS, RULE_DEFAULTS, RULE_FIELDS, ZAlertKind, describeParams } from '@/lib/alerts';
import { ALERT_KINDS } from '@/lib/notify';
import { listAlertRules, listAlertWebhooks, listScopeDomains } from '@/lib/queries';
import { Panel } from '@/components/ui/panel';
import { PlainTable } from '@/components/ui/plain-table';

export const metadata: Metadata = { title: 'Alerts' };

const EMAIL_TO: Record<string, string> = { admins: 'owners and admins', members: 'members who see the domain', none: 'no e-mail' };

function cooldown(minutes: number): string {
  if (minutes === 0) return 'none';
  return minutes % 60 === 0 ? `${minutes / 60} h` : `${minutes} min`;
}

export default async function AlertSettingsPage() {
  await connection();
  const actor = await requireActor();
  if (!actorCan(actor, 'alerts.manage')) return <NoAccess what="Managing alert rules and webhooks" />;
  const [rules, webhooks, domains] = await Promise.all([listAlertRules(actor.scope, actor.organizationId), listAlertWebhooks(actor.scope, actor.organizationId), listScopeDomains(actor.scope)]);
  const domainName = new Map(domains.map((d) => [d.id, d.name]));
  const webhookName = new Map(webhooks.map((w) => [w.id, w.name]));
  return (
    <>
      <Panel title="Alert rules" aside={<Link href="/settings/alert-history">Alert history</Link>}>
        {rules.length === 0 ? (
          <EmptyState title="No alert rules yet">
            <p>Rules watch this organisation’s domains between digests: new sources, pass rates, DNS changes, silent reporters. Add one below.</p>
          </EmptyState>
        ) : (
          <PlainTable columns={['When', 'Settings', 'Domains', 'Delivered to', 'Cooldown', 'Status', '']} scroll>
            {rules.map((r) => {
              const kind = ZAlertKind.parse(r.kind);
              return (
                <tr key={r.id}>
                  <td>
                    <b>{KIND_LABELS[kind]}</b>
                  </td>
                  <td className="muted">{describeParams(kind, r.params) || '—'}</td>
                  <td>{r.domainIds.length ? r.domainIds.map((id) => domainName.get(id) ?? `#${id}`).join(', ') : 'all'}</td>
                  <td>{[EMAIL_TO[r.emailTo] ?? r.emailTo, ...r.webhookIds.map((id) => `webhook “${webhookName.get(id) ?? id}”`)].join(', ')}</td>
                  <td>{cooldown(r.cooldownMinutes)}</td>
                  <td>{r.enabled ? <span className="badge badge-pass">active</span> : <span className="badge badge-muted">paused</span>}</td>
                  <td style={{ whiteSpace: 'nowrap' }}>
                    <ToggleRuleButton
                      ruleId={r.id}
                      rule={{ kind, params: r.params as Record<string, unknown>, domainIds: r.domainIds, emailTo: r.emailTo as 'admins', webhookIds: r.webhookIds, cooldownMinutes: r.cooldownMinutes, enabled: r.enabled }}
                    />{' '}
                    <DeleteRuleButton ruleId={r.id} label={KIND_LABELS[kind]} />
                  </td>
                </tr>
              );
            })}
          </PlainTable>
        )}
      </Panel>
      <Panel title="Add a rule" body>
        <AlertRuleForm
          kinds={ALERT_KINDS.map((kind) => ({ kind, label: KIND_LABELS[kind], fields: RULE_FIELDS[kind], defaults: RULE_DEFAULTS[kind] }))}
          domains={domains.map((d) => ({ id: d.id, name: d.name }))}
          webhooks={webhooks.filter((w) => w.enabled).map((w) => ({ id: w.id, name: w.name }))}
        />
      </Panel>
      <Panel title="Webhooks">
        {webhooks.length > 0 && (
          <PlainTable columns={['Name', 'Posts to', 'Format', 'Added', '']}>
            {webhooks.map((w) => (
              <tr key={w.id}>
                <td>
                  <b>{w.name}</b>
                </td>
                {/* Only the origin: webhook URLs often carry a secret in their path (Slack's do). */}
                <td>
                  <code>{new URL(w.url).origin}/…</code>
                </td>
                <td>{w.format === 'slack' ? 'Slack-compatible' : 'JSON'}</td>
                <td>{w.createdAt.toISOString().slice(0, 10)}</td>
                <td>
                  <DeleteWebhookButton webhookId={w.id} name={w.name} />
                </td>
              </tr>
            ))}
          </PlainTable>
        )}
        <div className="panel-body">
          <p className="muted" style={{ marginTop: 0 }}>
            Each alert is POSTed as JSON and signed: <code>Atlas-Signature: t=…,v1=HMAC-SHA256(secret, t.body)</code> (see docs/notifications.md).
          </p>
          <WebhookForm />
        </div>
      </Panel>
    </>
  );
}
