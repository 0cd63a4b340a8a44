import { CachedToken, type TokenProvider } from './cached-token';
import { createTokenFetcher, type TTokenSetup } from './create-token-fetcher';
import { OAuthTokenError } from './token-error';

export type TTokenTry = { ok: true; tokens: TokenProvider; note: string } | { ok: false; message: string };

/**
 * Fetches one token with unsaved settings ("test connection"): nothing is cached for the
 * worker, nothing is recorded. The note says where it came from and how long it lasts.
 */
export async function tryToken(setup: TTokenSetup): Promise<TTokenTry> {
  let tokens: CachedToken;
  try {
    tokens = new CachedToken({ flow: setup.config.flow, clientId: 'clientId' in setup.config ? setup.config.clientId : undefined, fetch: createTokenFetcher(setup) });
    const token = await tokens.get();
    const minutes = Math.max(0, Math.round((token.expiresAt.getTime() - Date.now()) / 60_000));
    return { ok: true, tokens, note: `Token obtained (valid for ${minutes} min; refreshed automatically).` };
  } catch (error) {
    if (error instanceof OAuthTokenError) return { ok: false, message: error.message };
    throw error;
  }
}
