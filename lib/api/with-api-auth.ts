import { z } from 'zod';
import { authEnv, appUrl } from '@/lib/platform/env';
import { ACTIVE_ORG_COOKIE, actorCan, authenticateApiToken, clientIp, loadUserActor, parseCookies, readSessionClaims, takeApiTokenRequest, type TActor } from '@/lib/access';
import { runWithRequestContext } from '@/lib/platform/audit';
import { ApiError, errorResponse } from './errors';

export type TApiScope = 'read' | 'ingest';

export interface TApiContext<P, Q> {
  request: Request;
  actor: TActor;
  params: P;
  query: Q;
  ip: string | null;
}

const ZNone = z.object({});

type TRouteContext = { params?: Promise<Record<string, string | string[]>> };

const UNAUTHORIZED = () =>
  new ApiError('unauthorized', 'Sign in, or send an API token as `Authorization: Bearer atl_…`.', undefined, { 'WWW-Authenticate': 'Bearer realm="DMARC Atlas"' });

/** Session requests that change data must come from our own pages (cookies ride along cross-site). */
function sameOrigin(request: Request): boolean {
  const site = request.headers.get('sec-fetch-site');
  if (site) return site === 'same-origin';
  const origin = request.headers.get('origin');
  if (!origin) return false;
  return origin === new URL(request.url).origin || origin === appUrl(authEnv());
}

async function authenticate(request: Request, scope: TApiScope, ip: string | null): Promise<TActor> {
  const authorization = request.headers.get('authorization');
  if (authorization) {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
    const actor = match ? await authenticateApiToken(match[1]!, ip) : null;
    if (!actor) throw UNAUTHORIZED();
    if (actor.tokenScope !== scope) {
      throw new ApiError('forbidden', `This token's scope is "${actor.tokenScope}"; this operation needs a "${scope}" token.`);
    }
    const rate = await takeApiTokenRequest(actor.tokenId!);
    if (!rate.allowed) {
      throw new ApiError(
        'rate_limited',
        `This token made more than ${rate.perMinute} requests a minute (ATLAS_API_RATE_PER_MINUTE): retry in ${rate.retryAfterSeconds} s.`,
        { retry_after_seconds: rate.retryAfterSeconds },
        { 'Retry-After': String(rate.retryAfterSeconds) },
      );
    }
    return actor;
  }
  const cookieHeader = request.headers.get('cookie');
  const claims = await readSessionClaims(cookieHeader);
  if (!claims) throw UNAUTHORIZED();
  const headerOrg = Number(request.headers.get('x-atlas-organization') ?? parseCookies(cookieHeader).get(ACTIVE_ORG_COOKIE));
  const context = await loadUserActor({ ...claims, organizationId: Number.isSafeInteger(headerOrg) ? headerOrg : null });
  if (!context) throw UNAUTHORIZED();
  if (!context.actor) throw new ApiError('forbidden', 'You are not a member of any organisation.');
  if (scope === 'ingest') {
    if (!actorCan(context.actor, 'reports.ingest')) throw new ApiError('forbidden', 'Uploading reports needs the admin or owner role.');
    if (!sameOrigin(request)) throw new ApiError('forbidden', 'Cross-site request refused: use an API token.');
  }
  return context.actor;
}

/**
 * The one wrapper for API routes (like dub's withWorkspace): authenticates a bearer token of
 * the right scope or a session, validates path and query parameters with zod, runs the
 * handler and turns every error into the same JSON shape. Authorisation of individual
 * resources happens in the scoped queries the handler calls (outside the scope = 404).
 */
export function withApiAuth<P extends z.ZodType = typeof ZNone, Q extends z.ZodType = typeof ZNone>(
  options: { scope: TApiScope; params?: P; query?: Q },
  handler: (context: TApiContext<z.infer<P>, z.infer<Q>>) => Promise<Response | unknown>,
): (request: Request, context?: TRouteContext) => Promise<Response> {
  return async (request, routeContext) => {
    try {
      const ip = clientIp(request.headers);
      const actor = await authenticate(request, options.scope, ip);
      const rawParams = (await routeContext?.params) ?? {};
      // A malformed id is as absent as a missing one: 404, not a validation message.
      const params = (options.params ?? ZNone).safeParse(rawParams);
      if (!params.success) throw new ApiError('not_found', 'Not found');
      const query = (options.query ?? ZNone).safeParse(Object.fromEntries(new URL(request.url).searchParams));
      if (!query.success) throw query.error;
      const result = await runWithRequestContext({ ip, userAgent: request.headers.get('user-agent') }, () =>
        handler({ request, actor, params: params.data as z.infer<P>, query: query.data as z.infer<Q>, ip }),
      );
      return result instanceof Response ? result : Response.json(result);
    } catch (error) {
      return errorResponse(error);
    }
  };
}
