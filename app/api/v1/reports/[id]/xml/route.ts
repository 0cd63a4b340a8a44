import { API_ROUTES, reportXmlResponse, withApiAuth } from '@/lib/api';

export const GET = withApiAuth({ scope: 'read', params: API_ROUTES.getReportXml.params }, async ({ actor, params }) => reportXmlResponse(actor, BigInt(params.id)));
