import { API_ROUTES, ingestUploadedFile, readUpload, reportListResponse, withApiAuth } from '@/lib/api';

export const GET = withApiAuth({ scope: 'read', query: API_ROUTES.listReports.query }, async ({ actor, query, request }) =>
  reportListResponse(actor, query, new URL(request.url)),
);

export const POST = withApiAuth({ scope: 'ingest' }, async ({ actor, request }) => {
  const files = await readUpload(request);
  const results = [];
  for (const file of files) results.push(await ingestUploadedFile(actor, file));
  return { files: results };
});
