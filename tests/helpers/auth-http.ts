// Signing in and out over plain HTTP, as a browser's next-auth client does (a CSRF token from
// /api/auth/csrf, then a form POST), so tests can hold, replay and forge cookies.

export type TCookieJar = Map<string, string>;

export function cookieHeader(jar: TCookieJar): string {
  return [...jar].map(([name, value]) => `${name}=${value}`).join('; ');
}

/** Applies a response's Set-Cookie headers to the jar (deleted cookies leave it). */
export function absorbCookies(jar: TCookieJar, response: Response): void {
  for (const cookie of response.headers.getSetCookie()) {
    const [pair, ...attributes] = cookie.split(';');
    const eq = pair!.indexOf('=');
    const name = pair!.slice(0, eq).trim();
    const value = pair!.slice(eq + 1).trim();
    const expired = attributes.some((a) => /^\s*max-age=0\s*$/i.test(a) || /^\s*expires=Thu, 01 Jan 1970/i.test(a));
    if (!value || expired) jar.delete(name);
    else jar.set(name, value);
  }
}

async function csrfToken(base: string, jar: TCookieJar, headers: Record<string, string>): Promise<string> {
  const response = await fetch(`${base}/api/auth/csrf`, { headers: { ...headers, cookie: cookieHeader(jar) } });
  absorbCookies(jar, response);
  return ((await response.json()) as { csrfToken: string }).csrfToken;
}

export interface TSignInOutcome {
  /** Where next-auth would send the browser. */
  url: URL;
  /** `?error=` of that URL: CredentialsSignin, RateLimited… (null on success). */
  error: string | null;
  jar: TCookieJar;
}

/** A password sign-in; the jar carries cookies in and out (a device cookie, the session). */
export async function passwordSignIn(
  base: string,
  input: { email: string; password: string; callbackUrl?: string; headers?: Record<string, string>; jar?: TCookieJar },
): Promise<TSignInOutcome> {
  const jar = input.jar ?? new Map<string, string>();
  const headers = input.headers ?? {};
  const csrf = await csrfToken(base, jar, headers);
  const body = new URLSearchParams({ csrfToken: csrf, email: input.email, password: input.password, json: 'true', callbackUrl: input.callbackUrl ?? `${base}/` });
  const response = await fetch(`${base}/api/auth/callback/credentials`, {
    method: 'POST',
    headers: { ...headers, 'content-type': 'application/x-www-form-urlencoded', cookie: cookieHeader(jar) },
    body,
    redirect: 'manual',
  });
  absorbCookies(jar, response);
  const url = new URL(((await response.json()) as { url: string }).url, base);
  // A refusal goes to next-auth's error route (then the login page) with ?error=.
  return { url, error: url.origin === new URL(base).origin ? url.searchParams.get('error') : null, jar };
}

/** Signs out through next-auth, as the sign-out button does. */
export async function signOut(base: string, jar: TCookieJar): Promise<void> {
  const csrf = await csrfToken(base, jar, {});
  const response = await fetch(`${base}/api/auth/signout`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: cookieHeader(jar) },
    body: new URLSearchParams({ csrfToken: csrf, json: 'true' }),
    redirect: 'manual',
  });
  if (response.status >= 400) throw new Error(`sign-out failed: HTTP ${response.status}`);
  absorbCookies(jar, response);
}
