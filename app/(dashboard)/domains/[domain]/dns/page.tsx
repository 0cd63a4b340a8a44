import type { Metadata } from 'next';
import { Suspense } from 'react';
import { DomainTabs } from '@/components/dashboard/domain-tabs';
import { FindingsTable } from '@/components/enforcement/findings-table';
import { formatUtc } from '@/components/enforcement/format-utc';
import { RecheckButton } from '@/components/enforcement/recheck-button';
import { EmptyState } from '@/components/ui/empty-state';
import { formatInt } from '@/components/ui/format';
import { plural } from '@/components/ui/plural';
import { PageSkeleton } from '@/components/ui/skeleton';
import { StatCard } from '@/components/ui/stat-card';
import { type TActor } from '@/lib/access';
import { SPF_LOOKUP_LIMIT, sortFindings } from '@/lib/dns';
import { loadDnsCheck } from '@/lib/enforcement';
import { Panel } from '@/components/ui/panel';
import { PlainTable } from '@/components/ui/plain-table';
import { PageHead } from '@/components/ui/page-head';
import { requireDomainPage } from '@/components/dashboard/require-domain-page';

export const metadata: Metadata = { title: 'DNS checks' };

type TProps = { params: Promise<{ domain: string }> };

const DKIM_STATUS: Record<string, string> = { ok: 'badge badge-pass', missing: 'badge badge-fail', revoked: 'badge badge-warn', invalid: 'badge badge-fail', failed: 'badge badge-fail' };
const SOURCE: Record<string, string> = { given: 'given', reports: 'seen in reports', common: 'common selector' };

async function DnsReport({ actor, domain }: { actor: TActor; domain: { id: number; name: string; organizationId: number } }) {
  const { check, checkedAt } = await loadDnsCheck(actor.scope, domain);
  if (!check) {
    return (
      <Panel title="Not checked yet" aside={<RecheckButton domain={domain.name} />}>
        <EmptyState title="No DNS check yet">
          <p>The DNS watch checks every domain within the hour.</p>
        </EmptyState>
      </Panel>
    );
  }
  const count = (s: string) => check.findings.filter((f) => f.severity === s).length;
  const { dmarc, spf } = check;
  const costly = spf.tree.terms.filter((t) => t.cost > 0);
  return (
    <>
      <div className="cards cards-row">
        <StatCard label="Errors" value={formatInt(count('error'))} sub={count('error') ? 'mail fails or receivers ignore a record' : 'none'} />
        <StatCard label="Warnings" value={formatInt(count('warning'))} sub="works, but weaker than it should be" />
        <StatCard label="SPF DNS lookups" value={`${spf.lookups} / ${SPF_LOOKUP_LIMIT}`} sub={`${spf.void_lookups} void of 2`} />
        <StatCard label="DKIM keys" value={formatInt(check.dkim.filter((k) => k.status === 'ok').length)} sub={plural(check.dkim.length, 'selector')} />
      </div>

      <Panel title="Findings" aside={<RecheckButton domain={domain.name} />} headingId="findings">
        <p className="muted" style={{ margin: '10px 18px', fontSize: 13 }}>
          {checkedAt ? `Checked ${formatUtc(checkedAt)}` : 'Checked now'} · the same as <code>atlas dns check {domain.name}</code> · codes in docs/dns-checks.md
        </p>
        {check.findings.length ? <FindingsTable findings={sortFindings(check.findings)} /> : <EmptyState title="Nothing to fix">DMARC, SPF and DKIM look right.</EmptyState>}
      </Panel>

      <Panel title="DMARC" headingId="dmarc" body>
        <div className="copy">{dmarc.record ?? '(no record)'}</div>
        <dl className="facts">
          <dt>Published at</dt>
          <dd>{dmarc.policy_domain ? `_dmarc.${dmarc.policy_domain}${dmarc.inherited ? ' (inherited)' : ''}` : '—'}</dd>
          <dt>Organisational domain</dt>
          <dd>
            {dmarc.organizational_domain.tree_walk ?? '?'} (DMARCbis tree walk) · {dmarc.organizational_domain.psl ?? '?'} (RFC 7489, Public Suffix List)
          </dd>
          <dt>Report destinations</dt>
          <dd>
            {dmarc.report_destinations.length
              ? dmarc.report_destinations.map((d) => `${d.tag}: ${d.uri}${d.external ? (d.authorised ? ' (external, authorised)' : d.authorised === false ? ' (external, NOT authorised)' : ' (external)') : ''}`).join(' · ')
              : 'none'}
          </dd>
        </dl>
      </Panel>

      <Panel
        title="SPF"
        aside={
          <span className={`badge ${spf.lookups > SPF_LOOKUP_LIMIT ? 'badge-fail' : spf.lookups >= 8 ? 'badge-warn' : 'badge-pass'}`}>
            {spf.lookups} / {SPF_LOOKUP_LIMIT} DNS lookups
          </span>
        }
        headingId="spf"
        body
      >
        <div className="copy">{spf.record ?? '(no record)'}</div>
        {costly.length > 0 && (
          <dl className="facts">
            {costly.map((t) => (
              <div key={t.term} style={{ display: 'contents' }}>
                <dt>
                  <code>{t.term}</code>
                </dt>
                <dd>{plural(t.cost, 'lookup')}</dd>
              </div>
            ))}
          </dl>
        )}
      </Panel>

      <Panel title="DKIM keys" headingId="dkim">
        {check.dkim.length === 0 ? (
          <EmptyState title="No DKIM key found">
            <p>No selector was seen in reports, and none of the common selectors of known services has a key.</p>
          </EmptyState>
        ) : (
          <PlainTable columns={['Selector', 'From', 'Status', 'Key']} scroll>
            {check.dkim.map((k) => (
              <tr key={k.selector}>
                <td>
                  <code>{k.selector}._domainkey</code>
                  {k.cname.length > 0 && <div className="muted">CNAME → {k.cname.at(-1)}</div>}
                </td>
                <td>{SOURCE[k.source] ?? k.source}</td>
                <td>
                  <span className={DKIM_STATUS[k.status] ?? 'badge badge-muted'}>{k.status}</span>
                  {k.testing && <span className="badge badge-warn"> t=y</span>}
                </td>
                <td>{k.key_type ? `${k.key_type}${k.key_bits ? ` ${k.key_bits} bits` : ''}` : '—'}</td>
              </tr>
            ))}
          </PlainTable>
        )}
      </Panel>
    </>
  );
}

export default async function DnsPage({ params }: TProps) {
  const { actor, domain } = await requireDomainPage((await params).domain);
  return (
    <>
      <PageHead title={<>DNS checks · {domain.name}</>} lead="DMARC, SPF and DKIM as receivers see them, each finding with its fix." />
      <DomainTabs domain={domain.name} current="dns" />
      <Suspense fallback={<PageSkeleton chart={false} />}>
        <DnsReport actor={actor} domain={domain} />
      </Suspense>
    </>
  );
}
