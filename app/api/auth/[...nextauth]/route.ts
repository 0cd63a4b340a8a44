import NextAuth from 'next-auth';
import type { NextRequest } from 'next/server';
import { authOptions, clientIp } from '@/lib/access';
import { runWithRequestContext } from '@/lib/platform/audit';

type TContext = { params: Promise<{ nextauth: string[] }> };

// next-auth's route, run inside a request context so that its callbacks and events (rate
// limiter, audit log) know the client address.
async function handler(request: NextRequest, context: TContext): Promise<Response> {
  const auth = NextAuth(authOptions()) as (request: NextRequest, context: TContext) => Promise<Response>;
  return runWithRequestContext({ ip: clientIp(request.headers), userAgent: request.headers.get('user-agent') }, () => auth(request, context));
}

export { handler as GET, handler as POST };
