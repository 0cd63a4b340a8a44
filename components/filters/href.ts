/** Next.js page searchParams (and anything shaped like them). */
export type TSearchParams = Record<string, string | string[] | undefined>;

/** The first value of a search param (repeated keys are not ours to honour). */
export function firstParam(params: TSearchParams, key: string): string | undefined {
  const value = params[key];
  return Array.isArray(value) ? value[0] : value;
}

/**
 * `path` with the current params and `changes` applied: null/undefined removes a key. Used for
 * every filter, sort and page link so that one control never drops the others' state.
 */
export function withParams(path: string, current: TSearchParams | URLSearchParams, changes: Record<string, string | number | null | undefined>): string {
  const next = new URLSearchParams();
  const entries = current instanceof URLSearchParams ? [...current.entries()] : Object.keys(current).map((k) => [k, firstParam(current, k)] as const);
  for (const [key, value] of entries) if (value !== undefined && !(key in changes)) next.set(key, value);
  for (const [key, value] of Object.entries(changes)) if (value !== null && value !== undefined && value !== '') next.set(key, String(value));
  const query = next.toString();
  return query ? `${path}?${query}` : path;
}
