import Link from 'next/link';
import { Suspense } from 'react';
import { PolicyBadge } from '@/components/badges/policy-badge';
import { formatDate, formatInt, formatPercent } from '@/components/ui/format';
import { Skeleton } from '@/components/ui/skeleton';
import type { TDomainScope } from '@/lib/access';
import type { TDayWindow } from '@/lib/platform/dates';
import type { TDomainSummary } from '@/lib/queries';
import { DomainCardSources } from './domain-card-sources';
import { nextEnforcementStep } from './next-enforcement-step';
import { Trend } from './trend';
import styles from './dashboard.module.css';

const rate = (pass: number, messages: number) => (messages > 0 ? pass / messages : null);

type TProps = {
  domain: TDomainSummary;
  /** Every domain with a card on the page (their sender maps are read together). */
  siblings: { id: number; name: string }[];
  scope: TDomainScope;
  window: TDayWindow;
  query: string;
  periodLabel: string;
};

/**
 * One domain on the overview: volume, DMARC pass rate and its trend, what receivers did with
 * failing mail, the published policy and the next enforcement step; the verdict shares and the
 * worst failing sources stream in (they need the sender map).
 */
export function DomainCard({ domain, siblings, scope, window, query, periodLabel }: TProps) {
  const base = `/domains/${encodeURIComponent(domain.name)}`;
  const step = nextEnforcementStep(domain.policy);
  return (
    <article className={styles.domainCard} aria-labelledby={`domain-${domain.id}`}>
      <header className={styles.domainHead}>
        <h3 id={`domain-${domain.id}`}>
          <Link href={`${base}${query}`}>{domain.name}</Link>
        </h3>
        {domain.policy ? <PolicyBadge p={domain.policy.p} sp={domain.policy.sp} np={domain.policy.np} pct={domain.policy.pct} testing={domain.policy.testing} /> : <span className="badge badge-muted">no reports yet</span>}
      </header>
      <dl className={styles.figures}>
        <div>
          <dt>Messages</dt>
          <dd>{formatInt(domain.messages)}</dd>
          <dd className={styles.sub}>
            <Trend now={domain.messages} before={domain.previous.messages} kind="percent" label={periodLabel} compact />
          </dd>
        </div>
        <div>
          <dt>DMARC pass</dt>
          <dd>{formatPercent(domain.dmarcPass, domain.messages)}</dd>
          <dd className={styles.sub}>
            <Trend now={rate(domain.dmarcPass, domain.messages)} before={rate(domain.previous.dmarcPass, domain.previous.messages)} kind="points" label={periodLabel} compact />
          </dd>
        </div>
        <div>
          <dt>Quarantined</dt>
          <dd>{formatInt(domain.quarantined)}</dd>
          <dd className={styles.sub}>by receivers</dd>
        </div>
        <div>
          <dt>Rejected</dt>
          <dd>{formatInt(domain.rejected)}</dd>
          <dd className={styles.sub}>bounced (550 5.7.1)</dd>
        </div>
      </dl>
      <Suspense fallback={<Skeleton height={58} />}>
        <DomainCardSources domain={domain} siblings={siblings} scope={scope} window={window} sourcesHref={`${base}/sources${query}`} />
      </Suspense>
      <footer className={styles.nextStep}>
        <div>
          <span className={step.done ? 'badge badge-pass' : 'badge badge-warn'}>{step.done ? 'Enforced' : 'Next step'}</span> <strong>{step.done ? '' : step.label}</strong>
          <p className="muted">{step.detail}</p>
        </div>
        <Link href={`${base}/enforcement`} className="btn btn-small">
          Enforcement wizard
        </Link>
      </footer>
      <p className={styles.cardFoot}>
        {domain.policy ? `Policy as reported by ${domain.policy.reporter} on ${formatDate(domain.policy.reportedAt)}` : 'No report received yet'} · {formatInt(domain.reports)} reports in this period · trends {periodLabel}
      </p>
    </article>
  );
}
