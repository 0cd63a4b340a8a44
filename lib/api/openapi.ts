import { z } from 'zod';
import { APP_VERSION } from '@/lib/platform/env';
import { ZApiError } from './errors';
import { API_ROUTES, type TApiRouteDoc } from './routes';
import { apiSchemas } from './schemas/registry';

type TJson = Record<string, unknown>;

const REF = (id: string) => `#/components/schemas/${id}`;

function jsonSchema(schema: z.ZodType, io: 'input' | 'output'): TJson {
  const id = apiSchemas.get(schema)?.id;
  if (id) return { $ref: REF(id) };
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any', target: 'draft-2020-12' }) as TJson;
  return rest;
}

/** Path and query parameters from a zod object (each property one parameter). */
function parameters(schema: z.ZodType | undefined, location: 'path' | 'query'): TJson[] {
  if (!schema) return [];
  const object = jsonSchema(schema, 'input') as { properties?: Record<string, TJson>; required?: string[] };
  return Object.entries(object.properties ?? {}).map(([name, property]) => {
    const { description, ...propertySchema } = property as TJson & { description?: string };
    return {
      name,
      in: location,
      required: location === 'path' || (object.required ?? []).includes(name),
      ...(description ? { description } : {}),
      schema: propertySchema,
    };
  });
}

function errorResponses(route: TApiRouteDoc): TJson {
  const error = (description: string) => ({ description, content: { 'application/json': { schema: { $ref: REF('Error') } } } });
  return {
    '400': error('Invalid parameters.'),
    '401': error('No valid session or API token.'),
    '403': error(`The token's scope is not "${route.scope}", or the role does not allow this.`),
    '429': {
      ...error('The API token made more requests than ATLAS_API_RATE_PER_MINUTE allows (with bursts up to ATLAS_API_RATE_BURST).'),
      headers: { 'Retry-After': { description: 'Seconds until the token may make its next request.', schema: { type: 'integer', minimum: 1 } } },
    },
    ...(route.params || route.path === '/api/v1/reports' ? { '404': error('Not found, or not visible to the caller.') } : {}),
    ...(route.upload ? { '413': error('The body is over the size limit.') } : {}),
  };
}

function operation(id: string, route: TApiRouteDoc): TJson {
  const responseSchema = route.produces ? {} : jsonSchema(route.response, 'output');
  return {
    operationId: id,
    summary: route.summary,
    ...(route.description ? { description: route.description } : {}),
    tags: route.tags,
    ...(route.deprecated ? { deprecated: true } : {}),
    security: [{ bearerToken: [] }, { sessionCookie: [] }],
    'x-atlas-token-scope': route.scope,
    parameters: [...parameters(route.params, 'path'), ...parameters(route.query, 'query')],
    ...(route.upload
      ? {
          requestBody: {
            required: true,
            content: {
              ...Object.fromEntries(route.upload.mediaTypes.map((type) => [type, { schema: { type: 'string', contentMediaType: type } }])),
              'multipart/form-data': {
                schema: { type: 'object', properties: { [route.upload.multipartField]: { type: 'array', items: { type: 'string', contentMediaType: 'application/octet-stream' } } } },
              },
            },
          },
        }
      : {}),
    responses: {
      [String(route.successStatus ?? 200)]: {
        description: 'OK',
        content: route.produces
          ? { [route.produces]: { schema: { type: 'string', contentMediaType: route.produces } } }
          : {
              'application/json': { schema: responseSchema },
              ...Object.fromEntries((route.alsoProduces ?? []).map((type) => [type, { schema: { type: 'string', contentMediaType: type } }])),
              ...(route.csv ? { 'text/csv': { schema: { type: 'string', description: 'With format=csv: the rows, one header line, UTF-8.' } } } : {}),
            },
      },
      ...(route.mixedResults
        ? {
            '207': { description: 'Some files or reports failed, others were stored: each says which.', content: { 'application/json': { schema: responseSchema } } },
            '422': { description: 'Nothing was stored: every file failed (each report says why).', content: { 'application/json': { schema: responseSchema } } },
          }
        : {}),
      ...errorResponses(route),
    },
  };
}

/** The OpenAPI 3.1 document of /api/v1, generated from the zod schemas the routes validate with. */
export function buildOpenApiDocument(serverUrl?: string): TJson {
  const paths: Record<string, TJson> = {};
  for (const [id, route] of Object.entries(API_ROUTES) as [string, TApiRouteDoc][]) {
    paths[route.path] = { ...(paths[route.path] ?? {}), [route.method]: operation(id, route) };
  }
  // Every registered schema as a component, with $refs between them (the error shape too).
  if (!apiSchemas.has(ZApiError)) ZApiError.register(apiSchemas, { id: 'Error' });
  const components = (z.toJSONSchema(apiSchemas, { io: 'output', unrepresentable: 'any', target: 'draft-2020-12', uri: REF }) as { schemas: Record<string, TJson> }).schemas;
  for (const schema of Object.values(components)) {
    delete schema.$schema;
    delete schema.$id;
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'DMARC Atlas API',
      version: APP_VERSION,
      description:
        'Read DMARC aggregate-report data and upload reports. Authenticate with an API token (`Authorization: Bearer atl_…`; create one under Settings → API tokens or with `atlas token create`). A `read` token can call the GET operations, an `ingest` token can upload. Everything outside the token\'s organisation answers 404.',
    },
    ...(serverUrl ? { servers: [{ url: serverUrl }] } : {}),
    paths,
    components: {
      schemas: components,
      securitySchemes: {
        bearerToken: { type: 'http', scheme: 'bearer', description: 'API token (atl_…), scoped to one organisation and to read or ingest.' },
        sessionCookie: { type: 'apiKey', in: 'cookie', name: 'next-auth.session-token', description: 'A signed-in browser session.' },
      },
    },
  };
}
