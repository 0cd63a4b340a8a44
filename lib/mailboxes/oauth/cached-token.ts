import type { TOAuthFlow } from './oauth-config';

export interface TAccessToken {
  token: string;
  expiresAt: Date;
}

/** One call to the token endpoint (through its library); `force` bypasses the library's own cache. */
export type TokenFetcher = (force: boolean) => Promise<TAccessToken>;

export interface TokenProvider {
  readonly flow: TOAuthFlow;
  /** The app's client id, for the steps in error messages. */
  readonly clientId?: string;
  /** A token valid for a while yet: the cached one, or a new one shortly before it expires. */
  get(options?: { forceRefresh?: boolean }): Promise<TAccessToken>;
  /** How long the cached token stays usable (0 without one): sessions re-authenticate before. */
  remainingMs(): number;
}

// Renew before expiry by this much — a fifth of the token's lifetime, at most five minutes (what
// msal-node does for an hour-long token): a session started on the token has time to finish a
// batch, and clocks a little apart do not turn a valid token into a refused login.
const MAX_MARGIN_MS = 5 * 60_000;

/**
 * The cache in front of every token source: tokens are reused until shortly before they expire,
 * one fetch at a time (concurrent callers share it), and every new token is reported (the
 * mailbox status shows its expiry and the last refresh).
 */
export class CachedToken implements TokenProvider {
  private cached: { token: TAccessToken; margin: number } | null = null;
  private inflight: Promise<TAccessToken> | null = null;

  readonly flow: TOAuthFlow;
  readonly clientId?: string;
  private readonly fetcher: TokenFetcher;
  private readonly onRefresh: (token: TAccessToken) => Promise<void> | void;
  private readonly now: () => number;

  constructor(options: {
    flow: TOAuthFlow;
    clientId?: string;
    fetch: TokenFetcher;
    onRefresh?: (token: TAccessToken) => Promise<void> | void;
    now?: () => number;
  }) {
    this.flow = options.flow;
    this.clientId = options.clientId;
    this.fetcher = options.fetch;
    this.onRefresh = options.onRefresh ?? (() => undefined);
    this.now = options.now ?? Date.now;
  }

  remainingMs(): number {
    if (!this.cached) return 0;
    return Math.max(0, this.cached.token.expiresAt.getTime() - this.cached.margin - this.now());
  }

  async get(options: { forceRefresh?: boolean } = {}): Promise<TAccessToken> {
    if (!options.forceRefresh && this.cached && this.remainingMs() > 0) return this.cached.token;
    if (this.inflight) return this.inflight;
    const force = options.forceRefresh === true;
    this.inflight = (async () => {
      try {
        const started = this.now();
        const token = await this.fetcher(force);
        const lifetime = token.expiresAt.getTime() - started;
        this.cached = { token, margin: Math.min(MAX_MARGIN_MS, Math.max(0, lifetime / 5)) };
        try {
          await this.onRefresh(token);
        } catch {
          // Status only: a database hiccup must not cost the token.
        }
        return token;
      } finally {
        this.inflight = null;
      }
    })();
    return this.inflight;
  }
}
