import Link from 'next/link';
import type { TDomainSummary } from '@/lib/queries';
import { formatDate, formatInt } from '@/components/ui/format';
import { PassRate } from '@/components/ui/pass-rate';

export function DomainTable({ domains }: { domains: TDomainSummary[] }) {
  return (
    <table className="data">
      <thead>
        <tr>
          <th>Domain</th>
          <th>Organisation</th>
          <th className="num">Reports</th>
          <th className="num">Messages</th>
          <th>DMARC pass</th>
          <th>Last report</th>
          <th />
        </tr>
      </thead>
      <tbody>
        {domains.map((d) => (
          <tr key={d.id}>
            <td>
              <strong>{d.name}</strong>
            </td>
            <td className="muted">{d.organization}</td>
            <td className="num">{formatInt(d.reports)}</td>
            <td className="num">{formatInt(d.messages)}</td>
            <td>
              <PassRate pass={d.dmarcPass} total={d.messages} />
            </td>
            <td className="muted">{formatDate(d.lastReportAt)}</td>
            <td>
              <Link href={`/domains/${encodeURIComponent(d.name)}/sources`}>Sender map</Link>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
