import type { Metadata } from 'next';
import Link from 'next/link';
import { connection } from 'next/server';
import { AddDomainForm, RemoveDomainButton, VerifyClaimButtons } from '@/components/settings/domain-forms';
import { EmptyState } from '@/components/ui/empty-state';
import { formatInt } from '@/components/ui/format';
import { actorCan, dmarcSetup, requireActor, verificationRecord } from '@/lib/access';
import { countSetAsideReports, listDomainClaims, listDomainDnsStates, listScopeDomains } from '@/lib/queries';
import { suggestDmarcRecord } from '@/lib/enforcement';
import { authEnv } from '@/lib/platform/env';
import { CopyButton } from '@/components/enforcement/copy-button';
import { plural } from '@/components/ui/plural';
import { Panel } from '@/components/ui/panel';
import { PlainTable } from '@/components/ui/plain-table';

export const metadata: Metadata = { title: 'Domains' };

function DnsRecord({ label, name, value }: { label: string; name: string; value: string }) {
  return (
    <div className="field">
      <span>{label}</span>
      <div className="copy">
        {name} TXT &quot;{value}&quot;
      </div>
    </div>
  );
}

export default async function DomainsSettingsPage() {
  await connection();
  const actor = await requireActor();
  const manage = actorCan(actor, 'domains.manage');
  const [domains, claims, dnsStates] = await Promise.all([listScopeDomains(actor.scope), manage ? listDomainClaims(actor.scope, actor.organizationId) : [], listDomainDnsStates(actor.scope)]);
  const published = new Map(dnsStates.map((s) => [s.domainId, s]));
  const ruaAddress = authEnv().ATLAS_RUA_ADDRESS ?? null;
  const waiting = await countSetAsideReports(claims.map((c) => c.name));
  const canRemove = actorCan(actor, 'members.manage_owners');
  return (
    <>
      <Panel title="Domains">
        {domains.length === 0 ? (
          <EmptyState title={`No domains ${manage ? 'yet' : 'shared with you'}`}>
            <p>{manage ? 'Add one below and prove you control it with a DNS record.' : 'Ask an admin of this organisation for access to a domain.'}</p>
          </EmptyState>
        ) : (
          <PlainTable columns={['Domain', 'Ownership', { label: 'Reports', className: 'num' }, 'DMARC record to publish, with the Atlas report address', canRemove && '']}>
            {domains.map((d) => {
              const seen = published.get(d.id);
              const suggestion = suggestDmarcRecord(d.name, seen?.dmarcRecord ?? null, ruaAddress);
              return (
                <tr key={d.id}>
                  <td>
                    <b>{d.name}</b>
                  </td>
                  <td>
                    <span className={`badge ${d.verification === 'dns' ? 'badge-pass' : 'badge-muted'}`}>{d.verification === 'dns' ? 'DNS verified' : `added by ${d.verification}`}</span>
                    <div className="muted" style={{ fontSize: 12.5 }}>{d.verifiedAt.toISOString().slice(0, 10)}</div>
                  </td>
                  <td className="num">{formatInt(d._count.reports)}</td>
                  <td>
                    <div className="copy">{suggestion.value}</div>
                    <div className="muted" style={{ fontSize: 12.5, marginTop: 4 }}>
                      {!seen
                        ? 'Not checked yet (the DNS watch checks hourly). If the domain already has a DMARC record, add the rua address to it instead.'
                        : suggestion.basis === 'published'
                          ? suggestion.unchanged
                            ? `Published as shown (checked ${seen.checkedAt.toISOString().slice(0, 10)}): nothing to change.`
                            : 'The published record with the report address added: its policy stays as it is.'
                          : 'No DMARC record published: start by monitoring.'}{' '}
                      <Link href={`/domains/${encodeURIComponent(d.name)}/enforcement`}>Enforcement wizard</Link>
                    </div>
                    {!suggestion.unchanged && <CopyButton value={suggestion.value} />}
                  </td>
                  {canRemove && (
                    <td>
                      <RemoveDomainButton domainId={d.id} name={d.name} />
                    </td>
                  )}
                </tr>
              );
            })}
          </PlainTable>
        )}
        {domains.length > 0 && !ruaAddress && (
          <div className="panel-body">
            <div className="notice notice-info">
              The report address is not set on this instance: set <code>ATLAS_RUA_ADDRESS</code> to the mailbox Atlas reads (e.g. <code>ATLAS_RUA_ADDRESS=dmarc@reports.example.com</code> in{' '}
              <code>.env</code> or the environment) and restart; the records above then carry it.
            </div>
          </div>
        )}
      </Panel>

      {manage && claims.length > 0 && (
        <Panel title="Waiting for DNS verification">
          {claims.map((claim) => {
            const verify = verificationRecord(claim.name, claim.token);
            const setup = dmarcSetup(claim.name);
            const setAside = waiting.get(claim.name) ?? 0;
            return (
              <div className="panel-body form" key={claim.id} style={{ borderBottom: '1px solid var(--line)' }}>
                <h3 style={{ margin: 0 }}>{claim.name}</h3>
                <p className="muted" style={{ margin: 0 }}>
                  Publish this record to prove you control the domain, then check.{' '}
                  {setAside > 0 && <>{plural(setAside, 'report')} already received for it will join your organisation.</>}
                </p>
                <DnsRecord label="1. Ownership (TXT)" name={verify.name} value={verify.value} />
                <DnsRecord label="2. DMARC (TXT) — or add the rua address to your existing record" name={setup.record.name} value={setup.record.value} />
                {!setup.ruaAddress && (
                  <div className="notice notice-info">
                    The report address is not configured on this instance: set <code>ATLAS_RUA_ADDRESS</code> (e.g. <code>ATLAS_RUA_ADDRESS=dmarc@reports.example.com</code> in <code>.env</code>) and restart.
                  </div>
                )}
                {setup.externalAuthorisation && (
                  <p className="muted" style={{ margin: 0, fontSize: 13 }}>
                    The Atlas operator publishes {setup.externalAuthorisation.name} TXT &quot;{setup.externalAuthorisation.value}&quot; so that receivers accept sending reports to
                    another domain (RFC 7489 §7.1).
                  </p>
                )}
                {claim.lastCheckError && (
                  <div className="notice notice-error">
                    Last check{claim.lastCheckedAt ? ` (${claim.lastCheckedAt.toISOString().slice(0, 16).replace('T', ' ')} UTC)` : ''}: {claim.lastCheckError}
                  </div>
                )}
                <VerifyClaimButtons claimId={claim.id} name={claim.name} />
              </div>
            );
          })}
        </Panel>
      )}

      {manage && (
        <Panel title="Add a domain" body>
          <AddDomainForm />
        </Panel>
      )}
    </>
  );
}
