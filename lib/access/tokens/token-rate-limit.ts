import { authEnv } from '@/lib/platform/env';
import { consumeRateLimit, type TRateLimitResult } from '@/lib/access/limits/rate-limit';

export type TTokenRateResult = TRateLimitResult & { perMinute: number };

/**
 * One request of an API token against ATLAS_API_RATE_PER_MINUTE (bursts of up to
 * ATLAS_API_RATE_BURST above the steady rate), counted in Postgres so that every web process
 * shares it. 0 turns the limit off.
 */
export async function takeApiTokenRequest(tokenId: number): Promise<TTokenRateResult> {
  const env = authEnv();
  const perMinute = env.ATLAS_API_RATE_PER_MINUTE;
  if (perMinute === 0) return { allowed: true, remaining: Number.POSITIVE_INFINITY, perMinute };
  const result = await consumeRateLimit({ key: `api:token:${tokenId}`, limit: perMinute, periodSeconds: 60, burst: env.ATLAS_API_RATE_BURST });
  return { ...result, perMinute };
}
