import type { Metadata } from 'next';
import Link from 'next/link';
import { Suspense } from 'react';
import { PolicyBadge } from '@/components/badges/policy-badge';
import { AdvanceButton } from '@/components/enforcement/advance-button';
import { CopyButton } from '@/components/enforcement/copy-button';
import { DnsChanges } from '@/components/enforcement/dns-changes';
import { DomainTabs } from '@/components/dashboard/domain-tabs';
import styles from '@/components/enforcement/enforcement.module.css';
import { formatUtc } from '@/components/enforcement/format-utc';
import { GateList } from '@/components/enforcement/gate-list';
import { ImpactPreview } from '@/components/enforcement/impact-preview';
import { RecheckButton } from '@/components/enforcement/recheck-button';
import { StageHistory } from '@/components/enforcement/stage-history';
import { StagePath } from '@/components/enforcement/stage-path';
import { PageSkeleton } from '@/components/ui/skeleton';
import { actorCan, type TActor } from '@/lib/access';
import { evaluateEnforcement, loadDnsCheck, STAGES, stageExplanation, stageLabel, stageRecord, stageShortLabel, type TStage } from '@/lib/enforcement';
import { formatDay } from '@/lib/platform/dates';
import { authEnv } from '@/lib/platform/env';
import { listDnsChangeEvents, listEnforcementEvents } from '@/lib/queries';
import { Panel } from '@/components/ui/panel';
import { PageHead } from '@/components/ui/page-head';
import { requireDomainPage } from '@/components/dashboard/require-domain-page';

export const metadata: Metadata = { title: 'Enforcement' };

type TProps = { params: Promise<{ domain: string }> };

const lastDay = (end: Date) => formatDay(new Date(end.getTime() - 86_400_000));

async function Wizard({ actor, domain }: { actor: TActor; domain: { id: number; name: string; organizationId: number } }) {
  const dns = await loadDnsCheck(actor.scope, domain);
  const [e, history, changes] = await Promise.all([
    evaluateEnforcement({ scope: actor.scope, domain, dns }),
    listEnforcementEvents(actor.scope, domain.id, { limit: 30 }),
    listDnsChangeEvents(actor.scope, domain.id, { limit: 30 }),
  ]);
  const ruaAddress = authEnv().ATLAS_RUA_ADDRESS ?? null;
  const pct = e.settings.testingPct;
  const records = Object.fromEntries(STAGES.map((s) => [s, stageRecord(s, domain.name, e.published, { ruaAddress, testingPct: pct }).value])) as Record<TStage, string>;
  const lastStage = history[0];
  const rolledBack = lastStage?.kind === 'rolled_back' ? lastStage : null;
  const canAdvance = actorCan(actor, 'policy.manage') && domain.organizationId === actor.organizationId;
  const next = e.stage.next;

  return (
    <>
      {rolledBack && (
        <div className="notice notice-error" role="alert" style={{ marginBottom: 22 }}>
          Rolled back on {formatUtc(rolledBack.createdAt)}: the published record went from “{stageShortLabel(rolledBack.fromStage as TStage)}” to “{stageShortLabel(rolledBack.toStage as TStage)}”.
          {rolledBack.fromStage && (STAGES as readonly string[]).includes(rolledBack.fromStage) && (
            <> If nobody meant to, publish again: <code style={{ overflowWrap: 'anywhere' }}>{records[rolledBack.fromStage as TStage]}</code></>
          )}
        </div>
      )}

      <Panel title="Published now" aside={<RecheckButton domain={domain.name} />} body>
        {e.published.record ? (
          <>
            <div className="copy">{e.published.record}</div>
            <p style={{ marginBottom: 0 }}>
              <PolicyBadge p={e.published.p} sp={e.published.sp} np={e.published.np} pct={e.published.pct} testing={e.published.t} /> Stage:{' '}
              <b>{stageLabel(e.stage.current, pct)}</b>
              {e.published.inherited && <span className="muted"> (inherited from {e.dns.check?.dmarc.policy_domain})</span>}
            </p>
          </>
        ) : (
          <p style={{ margin: 0 }}>
            <span className="badge badge-fail">No DMARC record</span> Receivers apply no policy to {domain.name} and send no reports.
          </p>
        )}
        {e.stage.pending && (
          <p style={{ marginBottom: 0 }}>
            <span className="badge badge-warn">Not published yet</span> You advanced to “{stageShortLabel(e.stage.pending)}”; DNS still shows “{stageShortLabel(e.stage.current)}”. Publish
            its record at _dmarc.{domain.name}: the DNS watch confirms it within the hour, or check again now.
          </p>
        )}
        <p className="muted" style={{ marginBottom: 0, fontSize: 13 }}>
          {e.dns.checkedAt ? `Checked ${formatUtc(e.dns.checkedAt)}` : 'Not checked yet'} · the DNS watch checks every hour ·{' '}
          <Link href={`/domains/${encodeURIComponent(domain.name)}/dns`}>DNS checks</Link>
        </p>
      </Panel>

      {next && e.record ? (
        <Panel
          title={<>Next: {stageLabel(next, pct)}</>}
          aside={<span className={`badge ${e.gatesHold ? 'badge-pass' : 'badge-warn'}`}>{e.gatesHold ? 'Ready' : 'Not ready yet'}</span>}
          headingId="next-stage"
        >
          <div className="panel-body">
            <p style={{ marginTop: 0 }}>{stageExplanation(next, pct)}</p>
            <div className="field">
              <span>
                Publish at <b>{e.record.name}</b> (TXT)
              </span>
              <div className={styles.recordRow}>
                <div className="copy" data-testid="next-record">
                  {e.record.value}
                </div>
                <CopyButton value={e.record.value} />
              </div>
            </div>
            {e.record.ruaMissing && (
              <div className="notice notice-info" style={{ marginTop: 10 }}>
                No report address yet: set <code>ATLAS_RUA_ADDRESS</code> to the mailbox Atlas reads (e.g. <code>ATLAS_RUA_ADDRESS=dmarc@reports.example.com</code> in <code>.env</code>) and restart,
                then the record carries it.
              </div>
            )}
            {!ruaAddress && !e.record.ruaMissing && <p className="muted" style={{ fontSize: 13 }}>The record keeps the report addresses published now. Set ATLAS_RUA_ADDRESS to add Atlas’s own.</p>}
          </div>
          <h3 style={{ margin: 0, padding: '12px 18px 8px', fontSize: 14 }}>
            Readiness gates · {formatDay(e.gateWindow.start)} to {lastDay(e.gateWindow.end)}
          </h3>
          <GateList gates={e.gates} />
          <div className="panel-body">
            <div className={styles.actions}>
              {canAdvance ? (
                <AdvanceButton domain={domain.name} to={next} label={stageShortLabel(next)} record={e.record.value} disabled={!e.gatesHold} />
              ) : (
                <span className="muted">Owners and admins advance the stage.</span>
              )}
              {!e.gatesHold && <span className="muted">Every gate must hold first. Thresholds: Settings › Enforcement.</span>}
            </div>
          </div>
        </Panel>
      ) : (
        <Panel title="Fully enforced" aside={<span className="badge badge-pass">p=reject, subdomains too</span>} body>
          <p style={{ margin: 0 }}>Mail that fails DMARC is refused for {domain.name} and its subdomains. Keep an eye on new senders in the sender map.</p>
        </Panel>
      )}

      <Panel
        title={<>Impact preview{e.impactStage ? `: ${stageShortLabel(e.impactStage)}` : ''}</>}
        aside={
          <span className="muted">
            {formatDay(e.impactWindow.start)} to {lastDay(e.impactWindow.end)}
          </span>
        }
        headingId="impact"
      >
        <p className="muted" style={{ margin: '12px 18px 0', fontSize: 13.5 }}>
          The last 30 days of reports replayed under the {next ? 'next' : 'current'} stage’s policy: the mail that failed DMARC and would have been quarantined or rejected
          {e.record?.value.includes('pct=') ? ` (pct=${pct} applied, as RFC 7489 receivers do)` : ''}.
        </p>
        <ImpactPreview impact={e.impact} domain={domain.name} />
      </Panel>

      <Panel title="The path to p=reject" aside={<span className="muted">Each record works for RFC 7489 (pct) and DMARCbis (t=y) receivers</span>} headingId="path">
        <StagePath current={e.stage.current} pending={e.stage.pending} testingPct={pct} records={records} />
      </Panel>

      <Panel title="Stage history" headingId="history">
        <StageHistory events={history} />
      </Panel>

      <Panel title="DNS changes" headingId="changes">
        <DnsChanges changes={changes} />
      </Panel>
    </>
  );
}

export default async function EnforcementPage({ params }: TProps) {
  const { actor, domain } = await requireDomainPage((await params).domain);
  return (
    <>
      <PageHead title={<>Enforcement · {domain.name}</>} lead="A staged path to p=reject: what to publish next, whether it is safe, and what it would change for mail." />
      <DomainTabs domain={domain.name} current="enforcement" />
      <Suspense fallback={<PageSkeleton chart={false} />}>
        <Wizard actor={actor} domain={domain} />
      </Suspense>
    </>
  );
}
