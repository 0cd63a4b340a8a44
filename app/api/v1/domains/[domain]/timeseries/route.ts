import { API_ROUTES, notFound, queryWindow, tableResponse, withApiAuth } from '@/lib/api';
import { formatDay, windowDayList } from '@/lib/platform/dates';
import { findDomainInScope, getDomainDailyStats } from '@/lib/queries';

const route = API_ROUTES.getDomainTimeseries;
const COLUMNS = ['day', 'messages', 'dmarc_pass', 'spf_aligned_pass', 'dkim_aligned_pass', 'quarantined', 'rejected'] as const;

export const GET = withApiAuth({ scope: 'read', params: route.params, query: route.query }, async ({ actor, params, query }) => {
  const domain = await findDomainInScope(actor.scope, params.domain);
  if (!domain) throw notFound('No such domain.');
  const window = queryWindow(query);
  const byDay = new Map((await getDomainDailyStats(actor.scope, domain.id, window)).map((d) => [d.day, d]));
  const days = windowDayList(window).map((day) => {
    const d = byDay.get(day);
    return {
      day,
      messages: d?.messages ?? 0,
      dmarc_pass: d?.dmarcPass ?? 0,
      spf_aligned_pass: d?.spfAlignedPass ?? 0,
      dkim_aligned_pass: d?.dkimAlignedPass ?? 0,
      quarantined: d?.quarantined ?? 0,
      rejected: d?.rejected ?? 0,
    };
  });
  const [from, to] = [formatDay(window.start), formatDay(window.end)];
  return tableResponse({ format: query.format, body: { domain: domain.name, from, to, days }, rows: days, columns: COLUMNS, filename: `${domain.name}-timeseries-${from}-${to}` });
});
