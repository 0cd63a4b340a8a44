import Link from 'next/link';
import { VerdictBadge } from '@/components/badges/verdict-badge';
import { EmptyState } from '@/components/ui/empty-state';
import { formatInt, formatPercent } from '@/components/ui/format';
import { StatCard } from '@/components/ui/stat-card';
import { plural } from '@/components/ui/plural';
import type { TImpact } from '@/lib/enforcement';

/** Which sources and how many messages the next stage would have quarantined or rejected. */
export function ImpactPreview({ impact, domain, limit = 12 }: { impact: TImpact; domain: string; limit?: number }) {
  const v = impact.byVerdict;
  const legit = v.authorised_failing + v.authorised_passing;
  const shown = impact.sources.slice(0, limit);
  return (
    <>
      <div className="cards cards-row" style={{ padding: '16px 18px 0', marginBottom: 0 }}>
        <StatCard label="Quarantined or rejected" value={formatInt(impact.messages)} sub={`of ${plural(impact.failing, 'failing message')}${impact.rejected ? ` · ${formatInt(impact.rejected)} rejected` : ''}`} />
        <StatCard label="Legitimate mail — fix first" value={formatInt(legit)} sub={`${formatPercent(legit, impact.messages)} · authorised senders`} />
        <StatCard label="Forwarders / lists" value={formatInt(v.forwarder)} sub={formatPercent(v.forwarder, impact.messages)} />
        <StatCard label="Unknown / spoofing" value={formatInt(v.unknown)} sub={`${formatPercent(v.unknown, impact.messages)} · the point of enforcing`} />
      </div>
      {shown.length === 0 ? (
        <EmptyState title="Nothing would have been quarantined or rejected">
          <p>No mail of the last 30 days fails DMARC under this stage’s policy.</p>
        </EmptyState>
      ) : (
        <div className="table-scroll">
          <table className="data">
            <thead>
              <tr>
                <th>Source</th>
                <th className="num">Messages</th>
                <th>Verdict</th>
              </tr>
            </thead>
            <tbody>
              {shown.map((s) => (
                <tr key={s.key}>
                  <td>
                    <Link href={`/domains/${encodeURIComponent(domain)}/sources?days=30&source=${encodeURIComponent(s.key)}#addresses`}>{s.label}</Link>
                  </td>
                  <td className="num">{formatInt(s.messages)}</td>
                  <td>
                    <VerdictBadge verdict={s.verdict} compact />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {impact.sources.length > shown.length && <p className="muted" style={{ padding: '0 18px' }}>and {plural(impact.sources.length - shown.length, 'smaller source')}.</p>}
        </div>
      )}
    </>
  );
}
