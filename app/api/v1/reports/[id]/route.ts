import { API_ROUTES, notFound, serializeReportDetail, withApiAuth } from '@/lib/api';
import { getReport } from '@/lib/queries';

export const GET = withApiAuth({ scope: 'read', params: API_ROUTES.getReport.params }, async ({ actor, params }) => {
  const found = await getReport(actor.scope, BigInt(params.id));
  if (!found) throw notFound('No such report.');
  return serializeReportDetail(found);
});
