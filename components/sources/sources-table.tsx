import Link from 'next/link';
import { formatInt } from '@/components/ui/format';
import { PassRate } from '@/components/ui/pass-rate';
import type { TSenderMapSource } from '@/lib/sources/build-sender-map';
import { SERVICE_TYPE_LABELS } from '@/lib/senders/types';
import { SourceDecisionButtons } from './source-decision-buttons';
import { VerdictBadge } from './verdict-badge';

const share = (part: number, whole: number) => (whole > 0 ? `${((part / whole) * 100).toFixed(1)}%` : '—');
const short = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', timeZone: 'UTC' });
/** "27 Oct – 24 Nov" for a YYYY-MM-DD pair (the year is in the page's period). */
export const seenRange = (first: string, last: string) => {
  const a = short.format(new Date(`${first}T00:00:00Z`));
  const b = short.format(new Date(`${last}T00:00:00Z`));
  return a === b ? a : `${a} – ${b}`;
};

/** The sender map's main table: one row per source, fix advice under the failing ones. */
export function SourcesTable({ domain, sources, days, canDecide, selected }: { domain: string; sources: TSenderMapSource[]; days: number; canDecide: boolean; selected: string | null }) {
  const columns = canDecide ? 11 : 10;
  return (
    <div style={{ overflowX: 'auto' }}>
      <table className="data">
        <thead>
          <tr>
            <th>Source</th>
            <th>Type</th>
            <th>Verdict</th>
            <th className="num">Messages</th>
            <th>DMARC pass</th>
            <th className="num">SPF aligned</th>
            <th className="num">DKIM aligned</th>
            <th className="num">IPs</th>
            <th className="num">Reporters</th>
            <th>Seen</th>
            {canDecide && <th />}
          </tr>
        </thead>
        <tbody>
          {sources.flatMap((s) => {
            const href = `/domains/${encodeURIComponent(domain)}/sources?days=${days}&source=${encodeURIComponent(s.key)}#addresses`;
            const row = (
              <tr key={s.key} aria-selected={selected === s.key} style={selected === s.key ? { background: 'var(--accent-soft, #eef3ff)' } : undefined}>
                <td>
                  <Link href={href}>
                    <strong>{s.label}</strong>
                  </Link>
                  <div className="muted" style={{ fontSize: 12.5 }}>
                    {s.serviceName && s.label !== s.serviceName ? `${s.serviceName} · ` : ''}
                    {s.asn && !s.key.startsWith('asn:') ? `AS${s.asn} ${s.asName ?? ''}` : s.key}
                    {s.country ? ` · ${s.country}` : ''}
                  </div>
                </td>
                <td className="muted">{s.type ? `${SERVICE_TYPE_LABELS[s.type]}${s.typeGuessed ? ' (by AS name)' : ''}` : '—'}</td>
                <td>
                  <VerdictBadge verdict={s.verdict.verdict} />
                  {s.decision && <div className="muted" style={{ fontSize: 12.5 }}>{s.decision.decision} by {s.decision.by ?? 'someone'}</div>}
                </td>
                <td className="num">{formatInt(s.messages)}</td>
                <td>
                  <PassRate pass={s.dmarcPass} total={s.messages} />
                </td>
                <td className="num">{share(s.spfAligned, s.messages)}</td>
                <td className="num">{share(s.dkimAligned, s.messages)}</td>
                <td className="num">{formatInt(s.addresses)}</td>
                <td className="num" title={s.reporters.join(', ')}>
                  {s.reporters.length}
                </td>
                <td className="muted" style={{ whiteSpace: 'nowrap' }} title={`${s.firstDay} – ${s.lastDay}`}>
                  {seenRange(s.firstDay, s.lastDay)}
                </td>
                {canDecide && (
                  <td>
                    <SourceDecisionButtons domain={domain} sourceKey={s.key} label={s.label} decision={s.decision?.decision ?? null} />
                  </td>
                )}
              </tr>
            );
            if (s.verdict.verdict !== 'authorised_failing' || s.advice.length === 0) return [row];
            return [
              row,
              <tr key={`${s.key}:fix`}>
                <td colSpan={columns} style={{ paddingTop: 0 }}>
                  <div className="notice notice-error" style={{ margin: 0 }}>
                    <strong>Fix:</strong> {s.advice.join(' ')}
                  </div>
                </td>
              </tr>,
            ];
          })}
        </tbody>
      </table>
    </div>
  );
}
