// Security headers. Pages get a per-request nonce CSP from proxy.ts (Next.js puts the nonce on
// its own scripts); everything else (API, static files) gets the fixed set from next.config.ts.

/** Headers every response carries. */
export const BASE_SECURITY_HEADERS: ReadonlyArray<{ key: string; value: string }> = [
  { key: 'X-Content-Type-Options', value: 'nosniff' },
  { key: 'Referrer-Policy', value: 'strict-origin-when-cross-origin' },
  { key: 'X-Frame-Options', value: 'DENY' },
  { key: 'Cross-Origin-Opener-Policy', value: 'same-origin' },
  { key: 'Permissions-Policy', value: 'camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()' },
];

/** API responses are data, never documents: nothing may run or be framed. */
export const API_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

/**
 * The page policy. Styles allow 'unsafe-inline' because React style attributes (charts) can't
 * carry a nonce; scripts are nonce-only. upgrade-insecure-requests only under https: on a
 * plain-http install it would break every sub-resource.
 */
export function pageCsp(nonce: string, options: { https: boolean; dev: boolean }): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${options.dev ? " 'unsafe-eval'" : ''}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' blob: data:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    ...(options.https ? ['upgrade-insecure-requests'] : []),
  ].join('; ');
}

/** A page's CSP nonce: base64 of a random UUID, new for every answer. */
export function newNonce(): string {
  return Buffer.from(crypto.randomUUID()).toString('base64');
}

export const HSTS = 'max-age=31536000; includeSubDomains';
