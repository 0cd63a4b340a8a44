import { ZSourceKey } from './decide-source';

/**
 * A source key from a URL path segment (`service%3Agoogle-workspace`, `net%3A192.0.2.0%2F24`), or
 * null when it is not one. Segments may arrive encoded or already decoded; keys never hold '%',
 * so decoding once more is safe.
 */
export function sourceKeyFromParam(raw: string): string | null {
  let value = raw;
  try {
    if (value.includes('%')) value = decodeURIComponent(value);
  } catch {
    return null;
  }
  const parsed = ZSourceKey.safeParse(value);
  return parsed.success ? parsed.data : null;
}

/** The path of a source's page. */
export const sourcePath = (domain: string, key: string) => `/domains/${encodeURIComponent(domain)}/sources/${encodeURIComponent(key)}`;
