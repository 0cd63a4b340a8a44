import { appUrl } from '@/lib/platform/env';
import { buildOpenApiDocument } from '@/lib/api';

// Public, like any API reference: it describes the routes, it holds no data.
export function GET(): Response {
  return Response.json(buildOpenApiDocument(appUrl()), { headers: { 'cache-control': 'public, max-age=300' } });
}
