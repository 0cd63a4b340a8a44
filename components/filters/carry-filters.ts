import { firstParam, type TSearchParams } from './href';

/** The params every page shares (period, failures only); the domain is in the path or chosen anew. */
const SHARED = ['from', 'to', 'failures'] as const;

/**
 * `path` with the shared filters of the current URL, for links from one page to another: the
 * period and "failures only" follow the user; table state (sort, page) stays behind.
 */
export function carryFilters(path: string, params: TSearchParams, extra: Record<string, string | null> = {}): string {
  const next = new URLSearchParams();
  for (const key of SHARED) {
    const value = firstParam(params, key);
    if (value) next.set(key, value);
  }
  for (const [key, value] of Object.entries(extra)) if (value) next.set(key, value);
  const query = next.toString();
  return query ? `${path}?${query}` : path;
}
