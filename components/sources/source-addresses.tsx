import { formatInt } from '@/components/ui/format';
import { PassRate } from '@/components/ui/pass-rate';
import type { TSourceAddress } from '@/lib/queries/sources/list-source-addresses';
import { seenRange } from './sources-table';

const PTR_NOTES: Record<string, string> = {
  pending: 'not looked up yet',
  unknown: 'not looked up yet',
  nxdomain: 'no PTR (NXDOMAIN)',
  nodata: 'no PTR',
  timeout: 'DNS timed out; retried later',
  error: 'DNS error; retried later',
  skipped: 'private or reserved address',
};

/** The drill-down: each address of a source with its reverse DNS, network and results. */
export function SourceAddresses({ addresses }: { addresses: TSourceAddress[] }) {
  return (
    <div style={{ overflowX: 'auto' }}>
      <table className="data">
        <thead>
          <tr>
            <th>Address</th>
            <th>Reverse DNS</th>
            <th>Network</th>
            <th>Country</th>
            <th className="num">Messages</th>
            <th>DMARC pass</th>
            <th className="num">SPF aligned</th>
            <th className="num">DKIM aligned</th>
            <th className="num">Reporters</th>
            <th>Seen</th>
          </tr>
        </thead>
        <tbody>
          {addresses.map((a) => (
            <tr key={a.ip}>
              <td>
                <code>{a.ip}</code>
              </td>
              <td>
                {a.ptr ? (
                  <span title={a.ptrConfirmed ? 'Forward-confirmed: the name resolves back to this address' : 'Not forward-confirmed: the name does not resolve back to this address'}>
                    {a.ptr} {a.ptrConfirmed ? <span className="badge badge-pass">✓</span> : <span className="badge badge-muted">unconfirmed</span>}
                  </span>
                ) : (
                  <span className="muted">{PTR_NOTES[a.ptrStatus] ?? a.ptrStatus}</span>
                )}
              </td>
              <td style={{ fontSize: 13 }}>{a.asn ? `AS${a.asn} ${a.asName ?? ''}` : <span className="muted">—</span>}</td>
              <td>{a.country ?? <span className="muted">—</span>}</td>
              <td className="num">{formatInt(a.messages)}</td>
              <td>
                <PassRate pass={a.dmarcPass} total={a.messages} />
              </td>
              <td className="num">{a.messages ? `${((a.spfAligned / a.messages) * 100).toFixed(1)}%` : '—'}</td>
              <td className="num">{a.messages ? `${((a.dkimAligned / a.messages) * 100).toFixed(1)}%` : '—'}</td>
              <td className="num">{a.reporters}</td>
              <td className="muted" style={{ whiteSpace: 'nowrap' }}>
                {seenRange(a.firstDay, a.lastDay)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
