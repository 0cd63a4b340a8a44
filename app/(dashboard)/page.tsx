import Link from 'next/link';
import { connection } from 'next/server';
import { requireActor } from '@/lib/access';
import { dayWindow, formatDay } from '@/lib/platform/dates';
import { getDomainDailyStats, listDomainSummaries } from '@/lib/queries';
import { TimeSeriesChart } from '@/components/charts/time-series-chart';
import { DomainTable } from '@/components/domains/domain-table';
import { EmptyState } from '@/components/ui/empty-state';
import { StatCard } from '@/components/ui/stat-card';
import { formatInt, formatPercent } from '@/components/ui/format';

export default async function OverviewPage() {
  await connection();
  const actor = await requireActor();
  const period = dayWindow({ days: 90 });
  const [domains, days] = await Promise.all([listDomainSummaries(actor.scope), getDomainDailyStats(actor.scope, null, period)]);
  const messages = domains.reduce((sum, d) => sum + d.messages, 0);
  const pass = domains.reduce((sum, d) => sum + d.dmarcPass, 0);
  const reports = domains.reduce((sum, d) => sum + d.reports, 0);
  return (
    <>
      <div className="page-head">
        <div>
          <h1>Overview</h1>
          <p>Every domain you watch, with the aggregate reports received for it.</p>
        </div>
      </div>
      <div className="cards">
        <StatCard label="Domains" value={formatInt(domains.length)} />
        <StatCard label="Reports" value={formatInt(reports)} />
        <StatCard label="Messages" value={formatInt(messages)} />
        <StatCard label="DMARC pass" value={formatPercent(pass, messages)} sub="aligned SPF or DKIM" />
      </div>
      {days.length > 0 ? (
        <section className="panel">
          <div className="panel-head">
            <h2>Authentication, last 90 days</h2>
            <span className="muted">messages per day and the share passing DMARC, aligned DKIM and aligned SPF</span>
          </div>
          <TimeSeriesChart days={days} window={{ from: formatDay(period.start), to: formatDay(period.end) }} />
        </section>
      ) : null}
      <section className="panel">
        <div className="panel-head">
          <h2>Domains</h2>
        </div>
        {domains.length === 0 ? (
          <EmptyState title="No domains yet">
            <p>Add a domain, then point its DMARC <code>rua</code> address at a mailbox Atlas reads, or upload report files.</p>
            <p>
              <Link href="/settings/domains" className="btn btn-primary">
                Add a domain
              </Link>{' '}
              <Link href="/settings/mailboxes" className="btn">
                Connect a mailbox
              </Link>
            </p>
            <p>Reports already received for a domain nobody owns are kept aside and join it when it is added.</p>
          </EmptyState>
        ) : (
          <DomainTable domains={domains} />
        )}
      </section>
    </>
  );
}
