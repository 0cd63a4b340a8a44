import { appUrl } from '@/lib/platform/env';

const MAX_LENGTH = 2048;

/**
 * Where to send the browser after signing in, as a path of this site. The URL parser decides,
 * resolving the value against the app's own origin exactly as a browser would (it drops tabs and
 * newlines, reads `\` as `/`, `//host` as another host); anything that lands on another origin,
 * or does not parse, becomes '/'. String prefix checks can't do this: `/\t/evil.example` starts
 * with a single slash, and browsers still go to evil.example.
 */
export function safeRedirectUrl(raw: string | null | undefined, base: string): string {
  if (!raw || raw.length > MAX_LENGTH) return '/';
  let origin: URL;
  let target: URL;
  try {
    origin = new URL(base);
    target = new URL(raw, origin);
  } catch {
    return '/';
  }
  if (target.origin !== origin.origin) return '/';
  // The parser keeps `/.//evil.example` as the path `//evil.example`, which a browser reads as
  // a host when it is used as a relative URL.
  const path = target.pathname.replace(/^\/{2,}/, '/');
  // Serialised by the parser: percent-encoded, so it is also a valid Location header.
  return `${path}${target.search}${target.hash}`;
}

/** The login page's `callbackUrl` (first value when repeated), against ATLAS_URL. */
export function safeCallbackUrl(raw: string | string[] | undefined | null, base: string = appUrl()): string {
  return safeRedirectUrl(Array.isArray(raw) ? raw[0] : raw, base);
}
