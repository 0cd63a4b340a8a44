import { notFound } from '@/lib/api/errors';
import { API_ROUTES } from '@/lib/api/routes';
import { serializeReportDetail } from '@/lib/api/serialize/report';
import { withApiAuth } from '@/lib/api/with-api-auth';
import { getReport } from '@/lib/queries/reports/get-report';

export const GET = withApiAuth({ scope: 'read', params: API_ROUTES.getReport.params }, async ({ actor, params }) => {
  const found = await getReport(actor.scope, BigInt(params.id));
  if (!found) throw notFound('No such report.');
  return serializeReportDetail(found);
});
