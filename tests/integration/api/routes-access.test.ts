import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { API_ROUTES, type TApiRouteDoc } from '../../../lib/api/routes';
import { buildOpenApiDocument } from '../../../lib/api/openapi';
import { prisma } from '../../../lib/platform/db/prisma';
import { createWorld, type TWorld } from '../../helpers/access-fixtures';
import { useTestDatabase } from '../../helpers/db';

// Every operation of the OpenAPI document, called the way Next calls route handlers: without
// credentials (401), with another organisation's token or user (404), with a viewer who was not
// granted the domain (404), with the wrong token scope (403), and with the right caller (200).

type THandler = (request: Request, context: { params: Promise<Record<string, string>> }) => Promise<Response>;

async function handlerFor(route: TApiRouteDoc): Promise<THandler> {
  const file = path.resolve('app', `.${route.path.replace(/\{(\w+)\}/g, '[$1]')}`, 'route.ts');
  const exports = (await import(file)) as Record<string, THandler>;
  const handler = exports[route.method.toUpperCase()];
  if (!handler) throw new Error(`${file} has no ${route.method.toUpperCase()} export`);
  return handler;
}

let world: TWorld;

/** A request for org A's domain a2 (not granted to A's viewer) through `route`. */
function requestFor(route: TApiRouteDoc, headers: Record<string, string>) {
  const params: Record<string, string> = {};
  const urlPath = route.path.replace(/\{(\w+)\}/g, (_m, name: string) => {
    // a2's one address, 192.0.2.22, has no enrichment: its source is its /24.
    params[name] = name === 'domain' ? world.domains.a2.name : name === 'source' ? 'net:192.0.2.0/24' : String(world.reports.a2);
    return encodeURIComponent(params[name]!);
  });
  // List routes answer 404 only for a domain named in the query.
  const query = ['/api/v1/reports', '/api/v1/domains'].includes(route.path) && route.method === 'get' ? `?domain=${world.domains.a2.name}` : '';
  const init: RequestInit = { method: route.method.toUpperCase(), headers };
  // Routes about no one domain (the bounce diagnoser) get a bounce of a2's, sent from its address.
  if (route.unscoped) Object.assign(init, { body: A2_BOUNCE(), headers: { ...headers, 'content-type': 'text/plain' } });
  else if (route.upload) Object.assign(init, { body: '<feedback/>', headers: { ...headers, 'content-type': 'application/xml' } });
  return { request: new Request(`http://localhost${urlPath}${query}`, init), context: { params: Promise.resolve(params) } };
}

async function call(route: TApiRouteDoc, headers: Record<string, string> = {}) {
  const { request, context } = requestFor(route, headers);
  return (await handlerFor(route))(request, context);
}

/** A pasted NDR for mail from a2-alpha.test's source 192.0.2.22 (its report in the world). */
const A2_BOUNCE = () =>
  [
    'Delivery has failed to these recipients or groups:',
    'bob@example.net',
    '',
    'Diagnostic information for administrators:',
    'Generating server: mx.example.net',
    `Remote Server returned '550 5.7.509 Access denied, sending domain ${world.domains.a2.name} does not pass DMARC verification and has a DMARC policy of reject. [192.0.2.22]'`,
    '',
    'Original message headers:',
    '',
    `From: Alice <alice@${world.domains.a2.name}>`,
    'To: bob@example.net',
    'Subject: invoice',
    '',
  ].join('\n');

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const ROUTES = Object.entries(API_ROUTES) as [string, TApiRouteDoc][];
const READ_ROUTES = ROUTES.filter(([, r]) => r.scope === 'read' && !r.unscoped);
const UNSCOPED_ROUTES = ROUTES.filter(([, r]) => r.scope === 'read' && r.unscoped);

describe('API v1 access control', () => {
  beforeAll(async () => {
    await useTestDatabase();
    world = await createWorld();
  });

  it('documents every route it serves, and every documented route has a handler', async () => {
    const doc = buildOpenApiDocument() as { paths: Record<string, Record<string, unknown>> };
    const documented = Object.entries(doc.paths).flatMap(([p, ops]) => Object.keys(ops).map((m) => `${m} ${p}`));
    expect(documented.sort()).toEqual(ROUTES.map(([, r]) => `${r.method} ${r.path}`).sort());
    for (const [, route] of ROUTES) await expect(handlerFor(route)).resolves.toBeTypeOf('function');
  });

  it.each(ROUTES)('%s: no credentials → 401 with a Bearer challenge', async (_id, route) => {
    const response = await call(route);
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toMatch(/^Bearer/);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe('unauthorized');
  });

  it.each(ROUTES)('%s: an unknown or malformed token → 401', async (_id, route) => {
    expect((await call(route, bearer('atl_' + 'x'.repeat(43)))).status).toBe(401);
    expect((await call(route, { authorization: 'Basic Zm9vOmJhcg==' })).status).toBe(401);
  });

  it.each(ROUTES)('%s: a token of the other scope → 403', async (_id, route) => {
    const wrong = route.scope === 'read' ? world.tokens.ingestA : world.tokens.readA;
    expect((await call(route, bearer(wrong))).status).toBe(403);
  });

  it.each(READ_ROUTES)("%s: another organisation's token → 404", async (_id, route) => {
    const response = await call(route, bearer(world.tokens.readB));
    expect(response.status).toBe(404);
    expect(JSON.stringify(await response.json())).not.toContain('a2-alpha');
  });

  it.each(READ_ROUTES)("%s: another organisation's user → 404", async (_id, route) => {
    expect((await call(route, { cookie: world.users.ownerB.cookie })).status).toBe(404);
  });

  it.each(READ_ROUTES)('%s: a viewer without the domain → 404', async (_id, route) => {
    expect((await call(route, { cookie: world.users.viewerA.cookie })).status).toBe(404);
  });

  it.each(READ_ROUTES)('%s: the right token and the owner → 200, in the documented shape', async (_id, route) => {
    for (const headers of [bearer(world.tokens.readA), { cookie: world.users.ownerA.cookie }]) {
      const response = await call(route, headers);
      expect(response.status).toBe(200);
      const body = await response.json();
      (route.response as z.ZodType).parse(body);
      expect(JSON.stringify(body)).toContain('a2-alpha.test');
    }
  });

  it.each(UNSCOPED_ROUTES)("%s: answers everyone of the right scope, with the domain's evidence only for those who may see it", async (_id, route) => {
    const evidenceOf = async (headers: Record<string, string>) => {
      const response = await call(route, headers);
      expect(response.status).toBe(200);
      const body = (route.response as z.ZodType).parse(await response.json()) as { evidence: { domain: { domain: string; address: { ip: string } | null } | null; notes: string[] } };
      return body.evidence;
    };
    for (const headers of [bearer(world.tokens.readA), { cookie: world.users.ownerA.cookie }]) {
      const evidence = await evidenceOf(headers);
      expect(evidence.domain).toMatchObject({ domain: 'a2-alpha.test', address: { ip: '192.0.2.22' } });
    }
    for (const headers of [bearer(world.tokens.readB), { cookie: world.users.ownerB.cookie }, { cookie: world.users.viewerA.cookie }]) {
      const evidence = await evidenceOf(headers);
      expect(evidence.domain).toBeNull();
      expect(evidence.notes.join(' ')).toMatch(/a2-alpha\.test is not one of your domains/);
      expect(JSON.stringify(evidence)).not.toContain('google.com'); // a2's reporter
    }
  });

  it('lists no trace of other organisations or ungranted domains', async () => {
    const list = async (headers: Record<string, string>) => {
      const handler = await handlerFor(API_ROUTES.listReports);
      const response = await handler(new Request('http://localhost/api/v1/reports', { headers }), { params: Promise.resolve({}) });
      expect(response.status).toBe(200);
      return (await response.json()) as { reports: { domain: string; messages: number }[]; pagination: { total: number } };
    };
    const owner = await list(bearer(world.tokens.readA));
    expect(owner.reports.map((r) => r.domain).sort()).toEqual(['a1-alpha.test', 'a2-alpha.test']);
    expect(owner.pagination.total).toBe(2);
    const viewer = await list({ cookie: world.users.viewerA.cookie });
    expect(viewer.reports.map((r) => r.domain)).toEqual(['a1-alpha.test']);
    expect(viewer.pagination.total).toBe(1);
    const other = await list(bearer(world.tokens.readB));
    expect(other.reports.map((r) => r.domain)).toEqual(['b1-beta.test']);
    expect(JSON.stringify(other)).not.toContain('alpha');
  });

  it('paginates the report list', async () => {
    const handler = await handlerFor(API_ROUTES.listReports);
    const response = await handler(new Request('http://localhost/api/v1/reports?per_page=1&page=2', { headers: bearer(world.tokens.readA) }), { params: Promise.resolve({}) });
    const body = (await response.json()) as { reports: unknown[]; pagination: { page: number; per_page: number; total: number } };
    expect(body.reports).toHaveLength(1);
    expect(body.pagination).toEqual({ page: 2, per_page: 1, total: 2 });
    const bad = await handler(new Request('http://localhost/api/v1/reports?per_page=0', { headers: bearer(world.tokens.readA) }), { params: Promise.resolve({}) });
    expect(bad.status).toBe(400);
  });

  it('returns the report detail with its records, and stats and sources from the rollups', async () => {
    const detail = await call(API_ROUTES.getReport, bearer(world.tokens.readA));
    const report = (await detail.json()) as { record_list: { source_ip: string; count: number }[] };
    expect(report.record_list).toEqual([expect.objectContaining({ source_ip: '192.0.2.22', count: 20 })]);
    const stats = (await (await call(API_ROUTES.getDomainStats, bearer(world.tokens.readA))).json()) as { totals: { messages: number }; days: unknown[] };
    expect(stats.totals.messages).toBe(20);
    expect(stats.days).toHaveLength(1);
    const sources = (await (await call(API_ROUTES.listDomainSources, bearer(world.tokens.readA))).json()) as { sources: { source_ip: string; messages: number }[] };
    expect(sources.sources).toEqual([expect.objectContaining({ source_ip: '192.0.2.22', messages: 20 })]);
  });

  it('answers per-address lists at /addresses, and at the deprecated /sources alias with a Deprecation header', async () => {
    const current = await call(API_ROUTES.listDomainAddresses, bearer(world.tokens.readA));
    const addresses = (await current.json()) as { addresses: { source_ip: string; messages: number }[] };
    expect(addresses.addresses).toEqual([expect.objectContaining({ source_ip: '192.0.2.22', messages: 20 })]);
    const alias = await call(API_ROUTES.listDomainSources, bearer(world.tokens.readA));
    expect(alias.headers.get('deprecation')).toBe('true');
    expect(alias.headers.get('link')).toContain('/addresses>; rel="successor-version"');
    expect(((await alias.json()) as { sources: unknown[] }).sources).toEqual(addresses.addresses);
    const { buildOpenApiDocument } = await import('../../../lib/api/openapi');
    const paths = buildOpenApiDocument().paths as Record<string, { get: { deprecated?: boolean } }>;
    expect(paths['/api/v1/domains/{domain}/sources'].get.deprecated).toBe(true);
    expect(paths['/api/v1/domains/{domain}/addresses'].get.deprecated).toBeUndefined();
  });

  it('refuses a revoked or expired token at once, and records last use', async () => {
    const { createApiToken } = await import('../../../lib/access/tokens/create-api-token');
    const { revokeApiToken } = await import('../../../lib/access/tokens/revoke-api-token');
    const created = await createApiToken({ organizationId: world.orgA.id, name: 'short-lived', scope: 'read' }, { label: 'test' });
    expect((await call(API_ROUTES.getDomainStats, bearer(created.token))).status).toBe(200);
    const used = await prisma().apiToken.findUniqueOrThrow({ where: { id: created.id } });
    expect(used.lastUsedAt).not.toBeNull();
    expect(await revokeApiToken({ organizationId: world.orgB.id, tokenId: created.id }, { label: 'other org' })).toBe(false);
    expect(await revokeApiToken({ organizationId: world.orgA.id, tokenId: created.id }, { label: 'test' })).toBe(true);
    expect((await call(API_ROUTES.getDomainStats, bearer(created.token))).status).toBe(401);
    await prisma().apiToken.update({ where: { id: created.id }, data: { revokedAt: null, expiresAt: new Date(Date.now() - 1000) } });
    expect((await call(API_ROUTES.getDomainStats, bearer(created.token))).status).toBe(401);
    const audit = await prisma().auditLog.findMany({ where: { targetType: 'api_token', targetId: String(created.id) }, orderBy: { id: 'asc' } });
    expect(audit.map((a) => a.action)).toEqual(['token.created', 'token.used', 'token.revoked']);
  });

  it('stores only a hash of each token', async () => {
    const rows = await prisma().apiToken.findMany({ select: { tokenHash: true, prefix: true } });
    for (const row of rows) {
      expect(row.tokenHash).toMatch(/^[0-9a-f]{64}$/);
      expect(row.prefix).toHaveLength(10);
    }
    expect(JSON.stringify(rows)).not.toContain(world.tokens.readA);
  });

  it('serves the OpenAPI 3.1 document without credentials', async () => {
    const { GET } = await import('../../../app/api/v1/openapi.json/route');
    const doc = (await GET().json()) as { openapi: string; components: { schemas: Record<string, unknown> } };
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.components.schemas)).toEqual(expect.arrayContaining(['ReportList', 'ReportDetail', 'DomainStats', 'DomainSources', 'Error']));
  });
});
