import { API_ROUTES, notFound, queryWindow, withApiAuth } from '@/lib/api';
import { formatDay } from '@/lib/platform/dates';
import { findDomainInScope, getDomainDailyStats } from '@/lib/queries';

const route = API_ROUTES.getDomainStats;

export const GET = withApiAuth({ scope: 'read', params: route.params, query: route.query }, async ({ actor, params, query }) => {
  const domain = await findDomainInScope(actor.scope, params.domain);
  if (!domain) throw notFound('No such domain.');
  const window = queryWindow(query);
  const days = await getDomainDailyStats(actor.scope, domain.id, window);
  const totals = { messages: 0, dmarc_pass: 0, dkim_aligned_pass: 0, spf_aligned_pass: 0, quarantined: 0, rejected: 0, reports: 0 };
  const rows = days.map((d) => {
    const row = {
      day: d.day,
      messages: d.messages,
      dmarc_pass: d.dmarcPass,
      dkim_aligned_pass: d.dkimAlignedPass,
      spf_aligned_pass: d.spfAlignedPass,
      quarantined: d.quarantined,
      rejected: d.rejected,
      reports: d.reports,
    };
    for (const key of Object.keys(totals) as (keyof typeof totals)[]) totals[key] += row[key];
    return row;
  });
  return { domain: domain.name, from: formatDay(window.start), to: formatDay(window.end), totals, days: rows };
});
