import { z } from 'zod';

// Settings of sign-in, sessions and the API. Read lazily (not at import) so that `next build`
// and modules that merely import auth code don't need them. Listed in .env.example.
const ZAuthEnv = z.object({
  // Public base URL of the web app (links in e-mails, OIDC redirect URI, secure cookies when https).
  ATLAS_URL: z.string().url().optional(),
  NEXTAUTH_URL: z.string().url().optional(),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  AUTH_SECRET: z.string().min(32, 'AUTH_SECRET must be at least 32 characters (e.g. `openssl rand -base64 32`)').optional(),
  ATLAS_SESSION_MAX_AGE_HOURS: z.coerce.number().positive().max(24 * 90).default(24),
  ATLAS_LOGIN_WINDOW_MINUTES: z.coerce.number().int().positive().default(15),
  ATLAS_LOGIN_MAX_PER_ACCOUNT: z.coerce.number().int().positive().default(5),
  ATLAS_LOGIN_MAX_PER_IP: z.coerce.number().int().positive().default(30),
  // How long a browser that signed in stays a "known device" of that account: its failed
  // sign-ins are counted apart from everyone else's (lib/access/auth/sign-in-throttle.ts).
  ATLAS_LOGIN_DEVICE_DAYS: z.coerce.number().int().positive().max(3650).default(365),
  // Requests per minute each API token may make (0: no limit), and the burst allowed above
  // that rate before 429s (lib/access/tokens/token-rate-limit.ts).
  ATLAS_API_RATE_PER_MINUTE: z.coerce.number().int().min(0).default(600),
  ATLAS_API_RATE_BURST: z.coerce.number().int().positive().default(120),
  // Reverse proxies in front of the app that append to X-Forwarded-For (0: none, the app is
  // reached directly; 1: one nginx/Caddy/Traefik…). Decides which address the IP limit counts.
  ATLAS_PROXY_HOPS: z.coerce.number().int().min(0).max(10).default(0),
  ATLAS_SMTP_URL: z.string().optional(),
  ATLAS_MAIL_FROM: z.string().default('DMARC Atlas <dmarc-atlas@localhost>'),
  ATLAS_MAGIC_LINK_MINUTES: z.coerce.number().int().positive().default(15),
  ATLAS_INVITE_DAYS: z.coerce.number().int().positive().default(7),
  ATLAS_OIDC_ISSUER: z.string().url().optional(),
  ATLAS_OIDC_CLIENT_ID: z.string().optional(),
  ATLAS_OIDC_CLIENT_SECRET: z.string().optional(),
  ATLAS_OIDC_NAME: z.string().default('Single sign-on'),
  // The address receivers send aggregate reports to (shown when a domain is added).
  ATLAS_RUA_ADDRESS: z.string().email().optional(),
});

export type TAuthEnv = z.infer<typeof ZAuthEnv>;

export function authEnv(source: NodeJS.ProcessEnv = process.env): TAuthEnv {
  const parsed = ZAuthEnv.safeParse(source);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid sign-in configuration in the environment:\n${lines.join('\n')}\nSee .env.example.`);
  }
  return parsed.data;
}

/** The public origin, without a trailing slash. */
export function appUrl(env: TAuthEnv = authEnv()): string {
  return (env.ATLAS_URL ?? env.NEXTAUTH_URL ?? `http://localhost:${env.PORT}`).replace(/\/+$/, '');
}

export function usesHttps(env: TAuthEnv = authEnv()): boolean {
  return appUrl(env).startsWith('https://');
}

export function oidcConfigured(env: TAuthEnv = authEnv()): boolean {
  return Boolean(env.ATLAS_OIDC_ISSUER && env.ATLAS_OIDC_CLIENT_ID && env.ATLAS_OIDC_CLIENT_SECRET);
}

export function smtpConfigured(env: TAuthEnv = authEnv()): boolean {
  return Boolean(env.ATLAS_SMTP_URL);
}

export class MissingAuthSecretError extends Error {
  constructor() {
    super(
      'AUTH_SECRET is not set. It signs and encrypts session cookies and must be set in production:\n' +
        '  export AUTH_SECRET="$(openssl rand -base64 32)"\n' +
        '(Only the demo / embedded-database mode generates one by itself, under ATLAS_DATA_DIR.)',
    );
  }
}

/** The secret the web process signs sessions with: AUTH_SECRET, which `atlas start` always provides. */
export function authSecret(env: TAuthEnv = authEnv()): string {
  if (env.AUTH_SECRET) return env.AUTH_SECRET;
  throw new MissingAuthSecretError();
}
