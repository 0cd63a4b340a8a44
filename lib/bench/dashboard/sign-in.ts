import { z } from 'zod';

const ZCsrf = z.object({ csrfToken: z.string().min(1) });

/**
 * Signs in with a password as the browser's next-auth client does (a CSRF token from
 * /api/auth/csrf, then the credentials form POST) and returns the Cookie header of the
 * session. Cookies are kept by name only: the bench talks to one origin.
 */
export async function signIn(origin: string, email: string, password: string): Promise<string> {
  const jar = new Map<string, string>();
  const absorb = (response: Response) => {
    for (const cookie of response.headers.getSetCookie()) {
      const pair = cookie.split(';')[0];
      const eq = pair.indexOf('=');
      if (eq > 0) jar.set(pair.slice(0, eq).trim(), pair.slice(eq + 1).trim());
    }
  };
  const header = () => [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
  const csrf = await fetch(`${origin}/api/auth/csrf`);
  absorb(csrf);
  const { csrfToken } = ZCsrf.parse(await csrf.json());
  const response = await fetch(`${origin}/api/auth/callback/credentials`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: header() },
    body: new URLSearchParams({ csrfToken, email, password, json: 'true', callbackUrl: `${origin}/` }),
    redirect: 'manual',
  });
  absorb(response);
  await response.arrayBuffer();
  if (![...jar.keys()].some((k) => k.includes('session-token'))) throw new Error(`signing the bench user in failed (HTTP ${response.status})`);
  return header();
}
