import { NextResponse, type NextRequest } from 'next/server';
import { usesHttps } from '@/lib/platform/env';
import { readSessionClaims } from '@/lib/access/session-cookie';
import { HSTS, newNonce, pageCsp } from '@/lib/platform/web';

// Pages only (API routes authenticate in lib/api/with-api-auth.ts): a nonce CSP on every page,
// and a redirect to /login for requests without a valid session cookie. This is the first gate;
// pages check the session again against the database (lib/access/auth/session.ts).

// /unsubscribe: one-click links in mails work signed out (the token is the authority).
const PUBLIC_PATHS = [/^\/login(\/|$)/, /^\/setup$/, /^\/invite\//, /^\/unsubscribe$/];

export async function proxy(request: NextRequest): Promise<NextResponse> {
  const { pathname, search } = request.nextUrl;
  const https = usesHttps();
  const nonce = newNonce();
  const csp = pageCsp(nonce, { https, dev: process.env.NODE_ENV === 'development' });

  let response: NextResponse;
  const isPublic = PUBLIC_PATHS.some((pattern) => pattern.test(pathname));
  if (!isPublic && !(await readSessionClaims(request.headers.get('cookie')))) {
    const login = new URL('/login', request.url);
    if (pathname !== '/') login.searchParams.set('callbackUrl', `${pathname}${search}`);
    response = NextResponse.redirect(login);
  } else {
    const requestHeaders = new Headers(request.headers);
    requestHeaders.set('x-nonce', nonce);
    requestHeaders.set('Content-Security-Policy', csp);
    response = NextResponse.next({ request: { headers: requestHeaders } });
  }
  response.headers.set('Content-Security-Policy', csp);
  if (https) response.headers.set('Strict-Transport-Security', HSTS);
  return response;
}

// Prefetches too (Next's CSP example skips them): a page prefetched with `Purpose: prefetch` or
// `Sec-Purpose: prefetch` can be shown as the page itself, and must carry the same CSP and
// session check as any other page response.
export const config = {
  matcher: ['/((?!api/|_next/static|_next/image|favicon.ico|icon.svg|robots.txt).*)'],
};
