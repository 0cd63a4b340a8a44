import { z } from 'zod';

// Absolute links into the dashboard. Paths are validated (schema-parts ZPath); resolving them
// here also refuses anything that would leave the base URL's origin.

export const ZBaseUrl = z.url({ protocol: /^https?$/ }).transform((url) => url.replace(/\/+$/, ''));

export function absoluteUrl(baseUrl: string, path: string): string {
  const base = new URL(`${baseUrl.replace(/\/+$/, '')}/`);
  const url = new URL(path.replace(/^\/+/, ''), base);
  if (url.origin !== base.origin) throw new RangeError(`link leaves ${base.origin}`);
  return url.toString();
}

/** The sender map of a domain: the default target of a digest's domain links. */
export const domainPath = (domain: string): string => `/domains/${encodeURIComponent(domain)}/sources`;
