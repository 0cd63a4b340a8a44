import type { z } from 'zod';
import type { TActor } from '@/lib/access';
import { dayWindow, formatDay } from '@/lib/platform/dates';
import { findDomainInScope, listReports, REPORT_MAX_OFFSET } from '@/lib/queries';
import { ApiError, notFound } from './errors';
import type { ZListReportsQuery } from './schemas/reports';
import { serializeReportSummary } from './serialize/report';
import { reportsCsv } from './serialize/reports-csv';

type TQuery = z.infer<typeof ZListReportsQuery>;

/** GET /api/v1/reports: one page of the caller's reports as JSON, or as CSV with `format=csv`. */
export async function reportListResponse(actor: TActor, query: TQuery, url: URL): Promise<Response> {
  let domainId: number | undefined;
  if (query.domain) {
    const domain = await findDomainInScope(actor.scope, query.domain);
    if (!domain) throw notFound('No such domain.');
    domainId = domain.id;
  }
  if ((query.page - 1) * query.per_page > REPORT_MAX_OFFSET) {
    throw new ApiError('bad_request', `A page may start at most ${REPORT_MAX_OFFSET} reports deep: narrow the window (from, to) instead.`);
  }
  const window = dayWindow({ from: query.from, to: query.to });
  const found = await listReports(actor.scope, {
    domainId, window, reporter: query.reporter, failures: query.failures, search: query.q,
    sort: query.sort, dir: query.dir, page: query.page, perPage: query.per_page,
  });
  const pagination = { page: query.page, per_page: query.per_page, total: found.total, total_capped: found.totalCapped };
  if (query.format === 'json') return Response.json({ reports: found.reports.map(serializeReportSummary), pagination });
  const headers = new Headers({
    'content-type': 'text/csv; charset=utf-8',
    'content-disposition': `attachment; filename="reports-${query.domain ?? 'all'}-${formatDay(window.start)}-${formatDay(window.end)}.csv"`,
    'x-total-count': `${found.total}${found.totalCapped ? '+' : ''}`,
  });
  const more = found.totalCapped || query.page * query.per_page < found.total;
  if (more) {
    const next = new URL(url);
    next.searchParams.set('page', String(query.page + 1));
    headers.set('link', `<${next.pathname}${next.search}>; rel="next"`);
  }
  return new Response(reportsCsv(found.reports), { headers });
}
