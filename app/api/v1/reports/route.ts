import { API_ROUTES, ingestUploadedFiles, notFound, readUpload, serializeReportSummary, withApiAuth } from '@/lib/api';
import { dayWindow } from '@/lib/platform/dates';
import { findDomainInScope, listReports } from '@/lib/queries';

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
  return { files: await ingestUploadedFiles(actor, files) };
});
