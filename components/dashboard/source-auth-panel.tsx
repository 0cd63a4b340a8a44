import { formatInt, formatPercent } from '@/components/ui/format';
import type { TDomainScope } from '@/lib/access';
import type { TDayWindow } from '@/lib/platform/dates';
import { listSourceAuthResults, type TSourceAuthResult } from '@/lib/queries';
import { readSelectorChecks } from '@/lib/sources';
import { Panel } from '@/components/ui/panel';

function ResultTable({ title, rows, total }: { title: string; rows: TSourceAuthResult[]; total: number }) {
  return (
    <table className="data fit">
      <caption className="sr-only">{title}</caption>
      <thead>
        <tr>
          <th>{title}</th>
          <th>Result</th>
          <th className="num">Messages</th>
          <th className="num">Share</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={`${r.domain}|${r.result}|${r.aligned}`}>
            <td style={{ overflowWrap: 'anywhere' }}>{r.domain || <span className="muted">none</span>}</td>
            <td>
              <span className={r.aligned ? 'badge badge-pass' : r.result === 'pass' ? 'badge badge-warn' : 'badge badge-fail'}>
                {r.result || 'none'}
                {r.aligned ? ', aligned' : r.result === 'pass' ? ', not aligned' : ''}
              </span>
            </td>
            <td className="num">{formatInt(r.messages)}</td>
            <td className="num">{formatPercent(r.messages, total)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/**
 * How a source's mail authenticated: DKIM and SPF results by domain (the first result of each
 * record, as the rollups keep it) and the DKIM selectors of the domain found in DNS.
 */
export async function SourceAuthPanel({ scope, domain, sourceKey, window, failures }: { scope: TDomainScope; domain: { id: number; name: string }; sourceKey: string; window: TDayWindow; failures: boolean }) {
  const [results, selectors] = await Promise.all([listSourceAuthResults(scope, domain.id, sourceKey, window, failures), readSelectorChecks(domain.name)]);
  const dkim = results.filter((r) => r.kind === 'dkim');
  const spf = results.filter((r) => r.kind === 'spf');
  const total = dkim.reduce((sum, r) => sum + r.messages, 0);
  return (
    <Panel title="SPF and DKIM results" aside={<span className="muted">first signature and SPF check of each record, by domain</span>}>
      <div className="table-scroll">
        <ResultTable title="DKIM signing domain (d=)" rows={dkim} total={total} />
      </div>
      <div className="table-scroll">
        <ResultTable title="SPF domain (MAIL FROM)" rows={spf} total={total} />
      </div>
      <div className="panel-body">
        <strong>DKIM selectors of {domain.name}</strong>{' '}
        {selectors.length === 0 ? (
          <span className="muted">none checked yet: the worker looks up the selectors of the services seen sending as {domain.name}.</span>
        ) : (
          <span>
            {selectors.map((s, i) => (
              <span key={s.selector}>
                {i > 0 && ', '}
                <code>{s.selector}</code>{' '}
                <span className={s.status === 'found' ? 'badge badge-pass' : s.status === 'missing' ? 'badge badge-muted' : 'badge badge-warn'}>{s.status === 'found' ? 'published' : s.status === 'missing' ? 'not published' : 'lookup failed'}</span>
              </span>
            ))}
            <span className="muted"> · reports name no selector in the rollups; these are the DNS checks of the known services’ selectors.</span>
          </span>
        )}
      </div>
    </Panel>
  );
}
