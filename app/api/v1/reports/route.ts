import { notFound } from '@/lib/api/errors';
import { ingestUploadedFile } from '@/lib/api/ingest-reports';
import { readUpload } from '@/lib/api/ingest-upload';
import { API_ROUTES } from '@/lib/api/routes';
import { serializeReportSummary } from '@/lib/api/serialize/report';
import { withApiAuth } from '@/lib/api/with-api-auth';
import { dayWindow } from '@/lib/platform/dates/day-window';
import { findDomainInScope } from '@/lib/queries/domains/find-domain-in-scope';
import { listReports } from '@/lib/queries/reports/list-reports';

export const GET = withApiAuth({ scope: 'read', query: API_ROUTES.listReports.query }, async ({ actor, query }) => {
  let domainId: number | undefined;
  if (query.domain) {
    const domain = await findDomainInScope(actor.scope, query.domain);
    if (!domain) throw notFound('No such domain.');
    domainId = domain.id;
  }
  const window = query.from || query.to ? dayWindow({ from: query.from, to: query.to }) : undefined;
  const { reports, total } = await listReports(actor.scope, { domainId, window, page: query.page, perPage: query.per_page });
  return { reports: reports.map(serializeReportSummary), pagination: { page: query.page, per_page: query.per_page, total } };
});

export const POST = withApiAuth({ scope: 'ingest' }, async ({ actor, request }) => {
  const files = await readUpload(request);
  const results = [];
  for (const file of files) results.push(await ingestUploadedFile(actor, file));
  return { files: results };
});
