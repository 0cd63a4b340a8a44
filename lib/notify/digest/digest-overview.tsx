import { absoluteUrl, domainPath } from '@/lib/notify/links';
import { A, DataTable, H3, type TCell } from '@/lib/notify/html/parts';
import { Trend } from '@/lib/notify/html/trend';
import { formatCount } from '@/lib/notify/format';
import { domainFigures, totalFigures, type TDomainFigures } from './digest-figures';
import type { TDigest } from './digest-schema';

// The overall table a digest of several domains starts with.

export function DigestOverview({ digest, baseUrl }: { digest: TDigest; baseUrl: string }) {
  const row = (f: TDomainFigures, name: TCell['content']): TCell[] => [
    { content: name },
    { content: f.messages, align: 'right' },
    { content: f.passRate, align: 'right' },
    { content: <Trend text={f.trend} direction={f.direction} />, align: 'right', optional: true },
    { content: formatCount(f.toFix), align: 'right' },
    { content: f.spoofing, align: 'right', optional: true },
  ];
  return (
    <>
      <H3>Overview</H3>
      <DataTable
        head={[
          { content: 'Domain' },
          { content: 'Messages', align: 'right' },
          { content: 'Pass', align: 'right' },
          { content: 'Trend', align: 'right', optional: true },
          { content: 'To fix', align: 'right' },
          { content: 'Spoofed', align: 'right', optional: true },
        ]}
        rows={digest.domains.map((d) => row(domainFigures(d), <A href={absoluteUrl(baseUrl, d.path ?? domainPath(d.domain))}>{d.domain}</A>))}
        total={row(totalFigures(digest.domains), totalFigures(digest.domains).domain)}
      />
    </>
  );
}
