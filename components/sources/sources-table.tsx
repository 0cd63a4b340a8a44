import Link from 'next/link';
import { withParams, type TSearchParams } from '@/components/filters/href';
import { formatInt, formatPercent } from '@/components/ui/format';
import { isPublicAddress } from '@/lib/platform/net';
import { SERVICE_TYPE_LABELS, type TSenderMapSource } from '@/lib/sources';
import { PassRate } from '@/components/ui/pass-rate';
import { SourceDecisionButtons } from './source-decision-buttons';
import { VerdictBadge } from '@/components/badges/verdict-badge';
import { plural } from '@/components/ui/plural';

const short = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', timeZone: 'UTC' });
/** "27 Oct – 24 Nov" for a YYYY-MM-DD pair (the year is in the page's period). */
export const seenRange = (first: string, last: string) => {
  const a = short.format(new Date(`${first}T00:00:00Z`));
  const b = short.format(new Date(`${last}T00:00:00Z`));
  return a === b ? a : `${a} – ${b}`;
};

/** The "Aligned" cell of the sender map's tables: SPF and DKIM aligned shares of the messages. */
export function AlignedCell({ spf, dkim, messages }: { spf: number; dkim: number; messages: number }) {
  return (
    <td className="num aligned">
      <div>
        <span className="cell-key">SPF</span> {formatPercent(spf, messages)}
      </div>
      <div>
        <span className="cell-key">DKIM</span> {formatPercent(dkim, messages)}
      </div>
    </td>
  );
}

/** Below this share of the volume, an unknown source is long tail. */
const TAIL_SHARE = 0.005;
/** Fewer tail sources than this are shown anyway: collapsing them would save nothing. */
const TAIL_MIN = 6;

/**
 * Splits the sources (by volume, largest first) into the ones to show and the long tail of
 * unknown sources, each a sliver of the volume and mostly a single address: typical spoofing
 * noise that would otherwise make the sender map hundreds of rows long. Sources someone decided
 * on and the selected source always show.
 */
export function splitLongTail(sources: TSenderMapSource[], selected: string | null): { head: TSenderMapSource[]; tail: TSenderMapSource[] } {
  const total = sources.reduce((sum, s) => sum + s.messages, 0);
  const isTail = (s: TSenderMapSource) => s.verdict.verdict === 'unknown' && !s.decision && s.key !== selected && s.messages < total * TAIL_SHARE;
  const tail = sources.filter(isTail);
  if (tail.length < TAIL_MIN) return { head: sources, tail: [] };
  return { head: sources.filter((s) => !isTail(s)), tail };
}

/** "Mailbox provider · AS15169 Google LLC · US": what is known about where a source sends from. */
function sourceFacts(s: TSenderMapSource): string {
  const parts: string[] = [];
  if (s.type) parts.push(`${SERVICE_TYPE_LABELS[s.type]}${s.typeGuessed ? ' (by AS name)' : ''}`);
  if (s.serviceName && s.label !== s.serviceName) parts.push(s.serviceName);
  if (s.asn && !s.key.startsWith('asn:')) parts.push(`AS${s.asn} ${s.asName ?? ''}`.trim());
  else if (!s.asn) parts.push(s.key.startsWith('net:') && !isPublicAddress(s.key.slice(4).split('/')[0]) ? 'private or reserved range' : 'no network data');
  if (s.country) parts.push(s.country);
  return parts.join(' · ');
}

interface TProps {
  domain: string;
  sources: TSenderMapSource[];
  /** The page's search params (period, failures only): links keep them. */
  params: TSearchParams;
  canDecide: boolean;
  selected: string | null;
  /** Show the long tail too (?all=1). */
  showAll: boolean;
  /** Source key → its addresses on DNSBLs (sending-IP health), for the "Blocklisted" badge. */
  listed?: ReadonlyMap<string, ReadonlyArray<{ ip: string; zones: string[] }>>;
}

/** The sender map's main table: one row per source, fix advice under the failing ones, the long tail collapsed. */
export function SourcesTable({ domain, sources, params, canDecide, selected, showAll, listed }: TProps) {
  const columns = canDecide ? 7 : 6;
  const total = sources.reduce((sum, s) => sum + s.messages, 0);
  const { head, tail } = splitLongTail(sources, selected);
  const shown = showAll ? [...head, ...tail].sort((a, b) => b.messages - a.messages) : head;
  const path = `/domains/${encodeURIComponent(domain)}/sources`;
  const link = (changes: Record<string, string | null>, hash: string) => `${withParams(path, params, { addresses: null, ...changes })}${hash}`;
  const tailMessages = tail.reduce((sum, s) => sum + s.messages, 0);
  const tailSingles = tail.filter((s) => s.addresses === 1).length;
  return (
    <div className="table-scroll">
      <table className="data sources-table">
        <colgroup>
          <col />
          <col style={{ width: 132 }} />
          <col style={{ width: 92 }} />
          <col style={{ width: 142 }} />
          <col style={{ width: 112 }} />
          <col style={{ width: 148 }} />
          {canDecide && <col style={{ width: 178 }} />}
        </colgroup>
        <thead>
          <tr>
            <th>Source</th>
            <th>Verdict</th>
            <th className="num">Messages</th>
            <th>DMARC pass</th>
            <th className="num" title="Share of messages whose SPF / DKIM result passed and aligned with the From domain">
              Aligned
            </th>
            <th>Seen</th>
            {canDecide && (
              <th>
                <span className="sr-only">Decision</span>
              </th>
            )}
          </tr>
        </thead>
        <tbody>
          {shown.flatMap((s) => {
            const href = link({ source: s.key }, '#addresses');
            const row = (
              <tr key={s.key} aria-selected={selected === s.key} className={selected === s.key ? 'row-selected' : undefined}>
                <td className="source-cell">
                  <Link href={href} className="source-name">
                    {s.label}
                  </Link>
                  <div className="cell-sub">{sourceFacts(s)}</div>
                </td>
                <td>
                  <VerdictBadge verdict={s.verdict.verdict} compact />
                  {listed?.get(s.key)?.length ? (
                    <div className="cell-sub">
                      <span className="badge badge-fail badge-nowrap" title={listed.get(s.key)!.map((l) => `${l.ip}: ${l.zones.join(', ')}`).join('\n')}>
                        Blocklisted
                      </span>
                    </div>
                  ) : null}
                  {s.decision && (
                    <div className="cell-sub">
                      {s.decision.decision} by {s.decision.by ?? 'someone'}
                    </div>
                  )}
                </td>
                <td className="num" title={`${formatPercent(s.messages, total)} of all messages`}>
                  {formatInt(s.messages)}
                  {s.quarantined + s.rejected > 0 && (
                    <div className="cell-sub" title="What receivers did with its failing mail">
                      {s.quarantined > 0 && `${formatInt(s.quarantined)} quarantined`}
                      {s.quarantined > 0 && s.rejected > 0 && <br />}
                      {s.rejected > 0 && `${formatInt(s.rejected)} rejected`}
                    </div>
                  )}
                </td>
                <td className="nowrap">
                  <PassRate pass={s.dmarcPass} total={s.messages} />
                </td>
                <AlignedCell spf={s.spfAligned} dkim={s.dkimAligned} messages={s.messages} />
                <td style={{ whiteSpace: 'nowrap' }} title={`${s.firstDay} – ${s.lastDay} · reported by ${s.reporters.join(', ')}`}>
                  {seenRange(s.firstDay, s.lastDay)}
                  <div className="cell-sub">
                    {plural(s.addresses, 'IP')} · {plural(s.reporters.length, 'reporter')}
                  </div>
                </td>
                {canDecide && (
                  <td className="actions">
                    <SourceDecisionButtons domain={domain} sourceKey={s.key} label={s.label} decision={s.decision?.decision ?? null} compact />
                  </td>
                )}
              </tr>
            );
            if (s.verdict.verdict !== 'authorised_failing' || s.advice.length === 0) return [row];
            return [
              row,
              <tr key={`${s.key}:fix`} className="fix-row">
                <td colSpan={columns}>
                  <div className="notice notice-error">
                    <strong>Fix:</strong> {s.advice.join(' ')}
                  </div>
                </td>
              </tr>,
            ];
          })}
          {tail.length > 0 && (
            <tr className="tail-row">
              <td colSpan={columns}>
                {showAll ? (
                  <Link href={link({ all: null, source: null }, '#sources')}>Hide the {formatInt(tail.length)} small unknown sources</Link>
                ) : (
                  <>
                    <Link href={link({ all: '1', source: null }, '#sources')}>Show {plural(tail.length, 'more source')}</Link>
                    <span className="muted">
                      {` · unknown, likely spoofing, each under ${TAIL_SHARE * 100}% of the volume · ${plural(tailSingles, 'single address', 'single addresses')} · ${plural(tailMessages, 'message')} (${formatPercent(tailMessages, total)})`}
                    </span>
                  </>
                )}
              </td>
            </tr>
          )}
        </tbody>
      </table>
    </div>
  );
}
