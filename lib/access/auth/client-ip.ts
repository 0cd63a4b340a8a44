import { authEnv } from '@/lib/platform/env';
import { forwardedForStamped } from '@/lib/platform/web';

type THeaderSource = Headers | Record<string, string | string[] | undefined>;

function header(headers: THeaderSource, name: string): string | undefined {
  if (headers instanceof Headers) return headers.get(name) ?? undefined;
  const value = headers[name];
  return Array.isArray(value) ? value.join(',') : value;
}

/**
 * The client address as far as it can be trusted. Under Atlas's web server
 * (`atlas web`, which `atlas start` runs) X-Forwarded-For always ends with the address of the
 * socket, and each of the ATLAS_PROXY_HOPS reverse proxies in front appended the address it
 * saw: the entry that many places left of the end is the nearest one no client can forge.
 * Anything further left is whatever the client sent and is never used.
 *
 * Under a bare `next start` the socket's address is missing whenever the client sent the header
 * itself, so with no proxy nothing can be trusted: null (the per-account limits still hold).
 */
export function clientIp(headers: THeaderSource, hops = authEnv().ATLAS_PROXY_HOPS, stamped = forwardedForStamped()): string | null {
  const chain = (header(headers, 'x-forwarded-for') ?? '').split(',').map((part) => part.trim()).filter(Boolean);
  // Without the stamp, the last entry is the one the nearest proxy appended (or the client's own).
  const index = stamped ? chain.length - 1 - hops : hops > 0 ? chain.length - hops : -1;
  const picked = index >= 0 ? chain[index] : undefined;
  return picked ? picked.slice(0, 64) : null;
}
