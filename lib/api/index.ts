export { notFound } from './errors';
export { ingestUploadedFiles } from './ingest-reports';
export { readUpload } from './ingest-upload';
export { buildOpenApiDocument } from './openapi';
export { API_ROUTES } from './routes';
export { serializeReportDetail, serializeReportSummary } from './serialize/report';
export { domainAddressesResponse } from './list-domain-addresses';
export { withApiAuth } from './with-api-auth';
