import Link from 'next/link';
import { formatInt } from '@/components/ui/format';
import type { TDomainScope } from '@/lib/access';
import type { TDayWindow } from '@/lib/platform/dates';
import { sourcePath } from '@/lib/sources';
import { senderMapAmong } from './sender-map-cache';
import { VerdictBar } from './verdict-bar';
import styles from './dashboard.module.css';

/** Sources shown as "worst failing" on a domain card. */
const WORST = 3;

type TProps = {
  domain: { id: number; name: string };
  /** Every domain whose card is on the page: their sender maps are built together. */
  siblings: { id: number; name: string }[];
  scope: TDomainScope;
  window: TDayWindow;
  sourcesHref: string;
};

/** A domain card's part that needs the sender map: volume by verdict and the worst failing sources. */
export async function DomainCardSources({ domain, siblings, scope, window, sourcesHref }: TProps) {
  const map = await senderMapAmong(scope, siblings, domain, window);
  // The worst failing sources are the ones to act on: authorised but failing (fix), or unknown
  // (spoofing, or a forgotten service), by failing volume. Forwarders are nobody's to fix.
  const worst = map.sources
    .filter((s) => s.messages > s.dmarcPass && (s.verdict.verdict === 'authorised_failing' || s.verdict.verdict === 'unknown'))
    .sort((a, b) => b.messages - b.dmarcPass - (a.messages - a.dmarcPass))
    .slice(0, WORST);
  const query = sourcesHref.includes('?') ? sourcesHref.slice(sourcesHref.indexOf('?')) : '';
  return (
    <div className={styles.cardSources}>
      <VerdictBar byVerdict={map.totals.byVerdict} />
      {worst.length > 0 ? (
        <div>
          <h4 className={styles.miniHead}>Worst failing sources</h4>
          <ul className={styles.worst}>
            {worst.map((s) => (
              <li key={s.key}>
                <Link href={`${sourcePath(domain.name, s.key)}${query}`}>{s.label}</Link>
                <span className="muted">
                  {formatInt(s.messages - s.dmarcPass)} failing
                  {s.quarantined + s.rejected > 0 ? ` · ${formatInt(s.quarantined)} quarantined, ${formatInt(s.rejected)} rejected` : ''}
                  {s.verdict.verdict === 'authorised_failing' ? ' · fix this' : ' · unknown'}
                </span>
              </li>
            ))}
          </ul>
        </div>
      ) : (
        map.totals.messages > 0 && <p className={styles.allGood}>No failing sources of your own or unknown ones in this period.</p>
      )}
      <Link href={sourcesHref} className={styles.more}>
        Sender map →
      </Link>
    </div>
  );
}
