import { API_ROUTES, ingestUploadedFiles, readUpload, reportListResponse, uploadHttpStatus, withApiAuth } from '@/lib/api';

export const GET = withApiAuth({ scope: 'read', query: API_ROUTES.listReports.query }, async ({ actor, query, request }) =>
  reportListResponse(actor, query, new URL(request.url)),
);

export const POST = withApiAuth({ scope: 'ingest' }, async ({ actor, request }) => {
  const files = await readUpload(request);
  const answer = { files: await ingestUploadedFiles(actor, files) };
  return Response.json(answer, { status: uploadHttpStatus(answer.files) });
});
