import NextAuth from 'next-auth';
import type { NextRequest } from 'next/server';
import { authOptions, clientIp, withDeviceCookie } from '@/lib/access';
import { runWithRequestContext } from '@/lib/platform/audit';

type TContext = { params: Promise<{ nextauth: string[] }> };

// next-auth's route, run inside a request context so that its callbacks and events (rate
// limiter, audit log) know the client address; a sign-in also marks the browser as a known
// device of the account (lib/access/auth/device-cookie.ts).
async function handler(request: NextRequest, context: TContext): Promise<Response> {
  const auth = NextAuth(authOptions()) as (request: NextRequest, context: TContext) => Promise<Response>;
  const signingIn = (await context.params).nextauth[0] === 'callback';
  return runWithRequestContext({ ip: clientIp(request.headers), userAgent: request.headers.get('user-agent') }, async () => {
    const response = await auth(request, context);
    return signingIn ? withDeviceCookie(response) : response;
  });
}

export { handler as GET, handler as POST };
