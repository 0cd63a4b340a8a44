import type { z } from 'zod';
import { log } from '@/lib/platform/log';
import type { TokenProvider } from '@/lib/mailboxes/oauth/cached-token';
import { GraphError } from './graph-error';
import { readLimited } from './read-limited';

export interface GraphClientOptions {
  /** `https://graph.microsoft.com/v1.0` (national clouds: their own host). */
  baseUrl: string;
  tokens: TokenProvider;
  timeoutMs: number;
  /** Aborts waits and requests when the worker lets go of the mailbox. */
  signal: AbortSignal;
  /** Throttled or unavailable (429/503/504) this many times in a row: give up, the watcher backs off. */
  maxRetries?: number;
  /** Longest Retry-After honoured in place; a longer one ends the sync (the watcher waits). */
  maxRetryAfterMs?: number;
  label?: string;
}

const MAX_JSON_BYTES = 16 * 1024 * 1024;
const RETRYABLE = new Set([429, 503, 504]);

function retryAfterMs(response: Response, attempt: number): number {
  const header = response.headers.get('retry-after');
  if (header) {
    const seconds = Number(header);
    if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
    const date = Date.parse(header);
    if (Number.isFinite(date)) return Math.max(0, date - Date.now());
  }
  // No Retry-After: Graph's guidance is exponential backoff.
  return Math.min(30_000, 1000 * 2 ** attempt);
}

function wait(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * The few Microsoft Graph calls the mailbox source makes, over fetch. Written here rather than
 * with @microsoft/microsoft-graph-client: that client is a thin fetch wrapper too, and the
 * source needs what it does not give — bounded response sizes, the bearer token never sent to
 * another origin (an @odata.nextLink is data from the server), one refresh of the token on 401,
 * and Retry-After waits that stop when the worker lets go of the mailbox.
 */
export class GraphClient {
  readonly origin: string;
  /** Throttling waits so far (status and tests). */
  throttled = 0;

  constructor(private readonly options: GraphClientOptions) {
    this.origin = new URL(options.baseUrl).origin;
  }

  private url(pathOrUrl: string): string {
    if (!/^https?:\/\//i.test(pathOrUrl)) return `${this.options.baseUrl.replace(/\/+$/, '')}${pathOrUrl}`;
    if (new URL(pathOrUrl).origin !== this.origin) throw new GraphError(`Graph sent a link to another server (${new URL(pathOrUrl).origin}): refused`, 0, 'ForeignLink');
    return pathOrUrl;
  }

  /** One request, with the token, throttling and one token refresh handled. Throws GraphError. */
  async send(method: string, pathOrUrl: string, body?: unknown, headers: Record<string, string> = {}): Promise<Response> {
    const url = this.url(pathOrUrl);
    const maxRetries = this.options.maxRetries ?? 6;
    let refreshed = false;
    for (let attempt = 0; ; attempt++) {
      const { token } = await this.options.tokens.get();
      const response = await fetch(url, {
        method,
        headers: { authorization: `Bearer ${token}`, accept: 'application/json', ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.any([this.options.signal, AbortSignal.timeout(this.options.timeoutMs)]),
        redirect: 'error',
      });
      if (response.ok) return response;
      if (response.status === 401 && !refreshed) {
        // Expired early or revoked: one new token, then the refusal stands (a permission problem).
        await response.body?.cancel().catch(() => undefined);
        await this.options.tokens.get({ forceRefresh: true });
        refreshed = true;
        continue;
      }
      if (RETRYABLE.has(response.status) && attempt < maxRetries) {
        const ms = retryAfterMs(response, attempt);
        await response.body?.cancel().catch(() => undefined);
        if (ms > (this.options.maxRetryAfterMs ?? 5 * 60_000)) throw new GraphError(`Graph asks to wait ${Math.round(ms / 1000)} s (throttled)`, response.status, 'Throttled', undefined, ms);
        this.throttled++;
        log.info({ mailbox: this.options.label, status: response.status, waitMs: ms }, 'Graph throttled the mailbox: waiting as asked (Retry-After)');
        await wait(ms, this.options.signal);
        continue;
      }
      throw await this.error(response, method, url);
    }
  }

  private async error(response: Response, method: string, url: string): Promise<GraphError> {
    let code = `HTTP${response.status}`;
    let message = response.statusText;
    try {
      const text = (await readLimited(response, 64 * 1024, 'Graph error')).toString('utf8');
      const parsed = JSON.parse(text) as { error?: { code?: unknown; message?: unknown } };
      if (typeof parsed.error?.code === 'string') code = parsed.error.code;
      if (typeof parsed.error?.message === 'string') message = parsed.error.message;
    } catch {
      // Not Graph's JSON error shape: the status says enough.
    }
    const path = new URL(url).pathname;
    return new GraphError(`${method} ${path}: ${response.status} ${code}: ${message.slice(0, 300)}`, response.status, code, response.headers.get('request-id') ?? undefined);
  }

  /** A JSON answer, validated: Graph's responses are external data like any other. */
  async json<T>(schema: z.ZodType<T>, method: string, pathOrUrl: string, body?: unknown): Promise<T> {
    const response = await this.send(method, pathOrUrl, body);
    const text = (await readLimited(response, MAX_JSON_BYTES, 'Graph response')).toString('utf8');
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch {
      throw new GraphError(`${method} ${new URL(this.url(pathOrUrl)).pathname}: not JSON`, response.status, 'BadResponse');
    }
    const parsed = schema.safeParse(data);
    if (!parsed.success) throw new GraphError(`${method} ${new URL(this.url(pathOrUrl)).pathname}: unexpected answer (${parsed.error.issues[0]?.message})`, response.status, 'BadResponse');
    return parsed.data;
  }

  /** Raw bytes (`$value`), at most `maxBytes`. */
  async bytes(pathOrUrl: string, maxBytes: number, what: string): Promise<Buffer> {
    const response = await this.send('GET', pathOrUrl, undefined, { accept: '*/*' });
    return readLimited(response, maxBytes, what);
  }
}
