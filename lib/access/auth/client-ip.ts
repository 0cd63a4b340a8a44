import { authEnv } from '@/lib/platform/env';

type THeaderSource = Headers | Record<string, string | string[] | undefined>;

function header(headers: THeaderSource, name: string): string | undefined {
  if (headers instanceof Headers) return headers.get(name) ?? undefined;
  const value = headers[name];
  return Array.isArray(value) ? value.join(',') : value;
}

/**
 * The client address as far as it can be trusted. Next.js fills X-Forwarded-For with the
 * socket address only when the header is absent, and each reverse proxy appends the address
 * it saw; so the entry ATLAS_PROXY_HOPS places from the right is the nearest one no client
 * can forge (with no proxy and a client-sent header, nothing can be trusted: the per-account
 * limit still holds).
 */
export function clientIp(headers: THeaderSource, hops = authEnv().ATLAS_PROXY_HOPS): string | null {
  const forwarded = header(headers, 'x-forwarded-for');
  if (forwarded) {
    const chain = forwarded.split(',').map((part) => part.trim()).filter(Boolean);
    const index = Math.max(0, chain.length - 1 - Math.max(0, hops - 1));
    const picked = chain[index];
    if (picked) return picked.slice(0, 64);
  }
  return header(headers, 'x-real-ip')?.trim().slice(0, 64) || null;
}
