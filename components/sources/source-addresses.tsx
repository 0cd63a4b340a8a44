import Link from 'next/link';
import { formatInt } from '@/components/ui/format';
import { PassRate } from '@/components/ui/pass-rate';
import type { TSourceAddress } from '@/lib/queries';
import { AlignedCell, seenRange } from './sources-table';
import { plural } from '@/components/ui/plural';

const PTR_NOTES: Record<string, string> = {
  pending: 'not looked up yet',
  unknown: 'not looked up yet',
  nxdomain: 'no PTR (NXDOMAIN)',
  nodata: 'no PTR',
  timeout: 'DNS timed out; retried later',
  error: 'DNS error; retried later',
  skipped: 'private or reserved address',
};

/** The drill-down: each address of a source with its reverse DNS, network and results; the first `limit` by volume, then a link to all. */
export function SourceAddresses({
  addresses,
  limit = null,
  moreHref,
  listedOn,
}: {
  addresses: TSourceAddress[];
  limit?: number | null;
  moreHref?: string;
  /** Address → the DNSBL zones that list it (sending-IP health). */
  listedOn?: ReadonlyMap<string, string[]>;
}) {
  const shown = limit !== null && addresses.length > limit + 5 ? addresses.slice(0, limit) : addresses;
  return (
    <div className="table-scroll">
      <table className="data sources-table addresses-table">
        <colgroup>
          <col style={{ width: 170 }} />
          <col />
          <col />
          <col style={{ width: 96 }} />
          <col style={{ width: 142 }} />
          <col style={{ width: 112 }} />
          <col style={{ width: 130 }} />
        </colgroup>
        <thead>
          <tr>
            <th>Address</th>
            <th>Reverse DNS</th>
            <th>Network</th>
            <th className="num">Messages</th>
            <th>DMARC pass</th>
            <th className="num">Aligned</th>
            <th>Seen</th>
          </tr>
        </thead>
        <tbody>
          {shown.map((a) => (
            <tr key={a.ip}>
              <td className="source-cell">
                <code>{a.ip}</code>
                {a.country && <div className="cell-sub">{a.country}</div>}
                {listedOn?.get(a.ip)?.length ? (
                  <div className="cell-sub">
                    <span className="badge badge-fail" title={`Listed on ${listedOn.get(a.ip)!.join(', ')}`}>
                      on {plural(listedOn.get(a.ip)!.length, 'blocklist')}
                    </span>
                  </div>
                ) : null}
              </td>
              <td className="source-cell small">
                {a.ptr ? (
                  <span title={a.ptrConfirmed ? 'Forward-confirmed: the name resolves back to this address' : 'Not forward-confirmed: the name does not resolve back to this address'}>
                    {a.ptr} {a.ptrConfirmed ? <span className="badge badge-pass">✓</span> : <span className="badge badge-muted">unconfirmed</span>}
                  </span>
                ) : (
                  <span className="muted">{PTR_NOTES[a.ptrStatus] ?? a.ptrStatus}</span>
                )}
              </td>
              <td className="source-cell small">
                {a.asn ? `AS${a.asn} ${a.asName ?? ''}` : <span className="muted">—</span>}
              </td>
              <td className="num">
                {formatInt(a.messages)}
                {a.quarantined > 0 && <div className="cell-sub">{formatInt(a.quarantined)} quarantined</div>}
                {a.rejected > 0 && <div className="cell-sub">{formatInt(a.rejected)} rejected</div>}
              </td>
              <td className="nowrap">
                <PassRate pass={a.dmarcPass} total={a.messages} />
              </td>
              <AlignedCell spf={a.spfAligned} dkim={a.dkimAligned} messages={a.messages} />
              <td style={{ whiteSpace: 'nowrap' }}>
                {seenRange(a.firstDay, a.lastDay)}
                <div className="cell-sub">
                  {plural(a.reporters, 'reporter')}
                </div>
              </td>
            </tr>
          ))}
          {shown.length < addresses.length && (
            <tr className="tail-row" id="addresses-more">
              <td colSpan={7}>
                {moreHref ? <Link href={moreHref}>Show all {formatInt(addresses.length)} addresses</Link> : `${plural(addresses.length - shown.length, 'more address', 'more addresses')}`}
                <span className="muted">{` · the ${formatInt(shown.length)} with the most messages are shown`}</span>
              </td>
            </tr>
          )}
        </tbody>
      </table>
    </div>
  );
}
