import { createHash } from 'node:crypto';
import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import { promisify } from 'node:util';
import { brotliDecompress, gunzip, gzip, inflate, type ZlibOptions } from 'node:zlib';
import { newNonce } from './security-headers';

const gzipAsync = promisify(gzip);
/** How a render Next.js compressed for its client is read back (zlib works on libuv's threads). */
const DECODERS: Record<string, (buffer: Buffer, options: ZlibOptions) => Promise<Buffer>> = {
  gzip: promisify(gunzip),
  deflate: promisify(inflate),
  br: promisify(brotliDecompress) as (buffer: Buffer, options: ZlibOptions) => Promise<Buffer>,
};

/**
 * Rendered pages kept per request and database snapshot, in the web process.
 *
 * Why: a dashboard page costs 40–90 ms of server CPU to render (React, on one core per process),
 * so fifty clients asking at once queue for seconds (docs/performance.md). Most of those
 * renders repeat one already made: the same user, the same URL, and nothing written since.
 *
 * Why it is exact: a page that opts in (`paths`) is a function of the request (its URL, its
 * cookies: the session, the chosen organisation, the theme; the headers Next.js varies on), the
 * UTC day (the date-window rule) and the data the database shows. The last is named by
 * `pg_current_snapshot()`: two snapshots with the same xmin, xmax and in-progress list see the
 * same committed rows, and any write anywhere (an ingest, a decision, a revoked session or a
 * changed grant) commits a transaction and so moves it. The snapshot is read before the
 * render, so a page is never kept under a snapshot newer than the data it shows. A hit still
 * checks the session cookie (its expiry), and gets a fresh CSP nonce (so pages are kept
 * uncompressed and compressed for each answer). Neither Next.js's data cache nor its
 * "use cache" fit: they key on arguments the code names, not on "nothing changed".
 *
 * Not kept: anything but a complete 200 for GET; answers that set cookies; pages that streamed a
 * failed part; pages over an eighth of the size limit. Renders of one key that overlap are made
 * once: later requests wait for the first.
 */

export interface TPageCacheOptions {
  /** Pages (pathnames) that depend only on the request, the UTC day and the database. */
  paths: readonly RegExp[];
  /** Bytes kept at most (least recently used go first). */
  maxBytes: number;
  /** Whether the request's cookies carry a live session: only those are served from the cache. */
  signedIn(cookieHeader: string): Promise<boolean>;
  /** The database's current snapshot (`pg_current_snapshot()` as text). */
  snapshot(): Promise<string>;
}

interface TEntry {
  headers: [string, string | string[]][];
  /** The body cut at each occurrence of the render's nonce. */
  parts: Buffer[];
  nonce: string | null;
  bytes: number;
}

export interface TPageCache {
  /** Answers from the cache, or calls `render` (Next.js) and keeps what it sends. */
  serve(request: IncomingMessage, response: ServerResponse, render: () => void): Promise<void>;
}

/**
 * Request headers that never change a page: transport, client hints, conditional requests and
 * the client's address. Every other header is part of the key, so a header a page might read
 * (or Next.js might vary on) can only cost a hit, never serve a wrong page.
 */
const IGNORED_HEADERS = new Set([
  'connection', 'keep-alive', 'user-agent', 'accept', 'accept-language', 'cache-control', 'pragma',
  'if-none-match', 'if-modified-since', 'referer', 'priority', 'dnt', 'upgrade-insecure-requests',
  // Pages are kept uncompressed and compressed for each answer.
  'accept-encoding',
  'x-forwarded-for', 'x-real-ip', 'forwarded', 'content-length', 'te',
]);
const ignoredHeader = (name: string) => IGNORED_HEADERS.has(name) || name.startsWith('sec-fetch-') || name.startsWith('sec-ch-');

/** Response headers that belong to one transmission, not to the page. */
const TRANSMISSION_HEADERS = new Set(['content-length', 'content-encoding', 'transfer-encoding', 'connection', 'keep-alive', 'date']);

/** Whether an Accept-Encoding header takes gzip (RFC 9110: a q of 0 refuses it). */
export function acceptsGzip(header: string | undefined): boolean {
  if (!header) return false;
  for (const item of header.split(',')) {
    const [coding, ...params] = item.split(';').map((p) => p.trim().toLowerCase());
    if (coding !== 'gzip' && coding !== '*') continue;
    const q = params.find((p) => p.startsWith('q='));
    return q === undefined || Number(q.slice(2)) > 0;
  }
  return false;
}

/**
 * A part of a page that failed after its 200 was sent: React streams the boundary with its error
 * digest (HTML: `data-dgst=` or `$RX(`; RSC payload: an `E{"digest"` row). Such a page is not
 * kept: the failure may be passing (a timeout), and must not be served again while nothing
 * changes. Report text that happens to contain these only costs a render.
 */
export const STREAMED_ERROR = /data-dgst=|\$RX\(|:E\{"digest"/;

const NONCE_IN_CSP = /'nonce-([A-Za-z0-9+/=]+)'/;

function cutAt(body: Buffer, nonce: string | null): Buffer[] {
  if (!nonce) return [body];
  const needle = Buffer.from(nonce);
  const parts: Buffer[] = [];
  let from = 0;
  for (let at = body.indexOf(needle, from); at !== -1; at = body.indexOf(needle, from)) {
    parts.push(body.subarray(from, at));
    from = at + needle.length;
  }
  parts.push(body.subarray(from));
  return parts;
}

function withNonce(value: string | string[], old: string | null, nonce: string): string | string[] {
  if (!old) return value;
  return Array.isArray(value) ? value.map((v) => v.replaceAll(old, nonce)) : value.replaceAll(old, nonce);
}

function keyOf(request: IncomingMessage, snapshot: string): string {
  const hash = createHash('sha256');
  hash.update(`${request.url}\n${snapshot}\n${new Date().toISOString().slice(0, 10)}\n`);
  const names = Object.keys(request.headers).filter((n) => !ignoredHeader(n)).sort();
  for (const name of names) hash.update(`${name}:${JSON.stringify(request.headers[name])}\n`);
  return hash.digest('base64url');
}

/** What `render` sends, copied as it goes; null when it is not a page to keep. */
function capture(response: ServerResponse, maxBytes: number): Promise<TEntry | null> {
  const chunks: Buffer[] = [];
  let bytes = 0;
  const keep = (chunk: unknown, encoding: unknown) => {
    if (chunk === undefined || chunk === null || typeof chunk === 'function' || bytes > maxBytes) return;
    // A copy: the writer may reuse its buffer once written.
    const copy = typeof chunk === 'string' ? Buffer.from(chunk, typeof encoding === 'string' ? (encoding as BufferEncoding) : 'utf8') : Buffer.from(chunk as Uint8Array);
    bytes += copy.length;
    chunks.push(copy);
  };
  // Headers passed to writeHead are sent without being stored on the response when none was set
  // before: they are noted here.
  const headed: OutgoingHttpHeaders = {};
  const { write, end, writeHead } = response;
  // The overloads of these methods can't be restated one by one; the wrappers pass every
  // argument through unchanged. (compression middleware wraps them the same way.)
  /* eslint-disable @typescript-eslint/no-explicit-any */
  response.writeHead = function (this: ServerResponse, ...args: any[]) {
    const headers = args.find((a, i) => i > 0 && typeof a === 'object' && a !== null);
    if (Array.isArray(headers)) for (let i = 0; i + 1 < headers.length; i += 2) headed[String(headers[i]).toLowerCase()] = headers[i + 1];
    else if (headers) for (const [k, v] of Object.entries(headers)) headed[k.toLowerCase()] = v as string;
    return (writeHead as any).apply(this, args);
  } as typeof writeHead;
  response.write = function (this: ServerResponse, chunk: any, ...rest: any[]) {
    keep(chunk, rest[0]);
    return (write as any).call(this, chunk, ...rest);
  } as typeof write;
  response.end = function (this: ServerResponse, chunk?: any, ...rest: any[]) {
    keep(chunk, rest[0]);
    return (end as any).call(this, chunk, ...rest);
  } as typeof end;
  /* eslint-enable @typescript-eslint/no-explicit-any */

  const entryOf = async (): Promise<TEntry | null> => {
    if (!response.writableFinished || response.statusCode !== 200 || bytes > maxBytes) return null;
    const all = { ...headed, ...response.getHeaders() };
    if (all['set-cookie'] !== undefined) return null;
    const encoding = all['content-encoding'];
    let body: Buffer = Buffer.concat(chunks);
    if (encoding !== undefined) {
      const decode = DECODERS[String(encoding).toLowerCase()];
      if (!decode) return null;
      // The bound applies to what it inflates to, too.
      body = await decode(body, { maxOutputLength: maxBytes });
    }
    if (STREAMED_ERROR.test(body.toString('latin1'))) return null;
    const headers: [string, string | string[]][] = [];
    for (const [name, value] of Object.entries(all)) {
      if (value === undefined || TRANSMISSION_HEADERS.has(name)) continue;
      headers.push([name, Array.isArray(value) ? value.map(String) : String(value)]);
    }
    const csp = all['content-security-policy'];
    const nonce = typeof csp === 'string' ? (NONCE_IN_CSP.exec(csp)?.[1] ?? null) : null;
    return { headers, parts: cutAt(body, nonce), nonce, bytes: body.length };
  };
  return new Promise((resolve) => response.once('close', () => entryOf().then(resolve, () => resolve(null))));
}

export function createPageCache(options: TPageCacheOptions): TPageCache {
  // A Map keeps insertion order: re-inserting on a hit makes its first key the least recently used.
  const entries = new Map<string, TEntry>();
  const rendering = new Map<string, Promise<TEntry | null>>();
  let bytes = 0;

  const store = (key: string, entry: TEntry) => {
    entries.set(key, entry);
    bytes += entry.bytes;
    while (bytes > options.maxBytes && entries.size > 0) {
      const [oldest, old] = entries.entries().next().value as [string, TEntry];
      entries.delete(oldest);
      bytes -= old.bytes;
    }
  };

  const send = async (response: ServerResponse, entry: TEntry, gzipped: boolean): Promise<void> => {
    const nonce = newNonce();
    response.statusCode = 200;
    for (const [name, value] of entry.headers) response.setHeader(name, withNonce(value, entry.nonce, nonce));
    const nonceBytes = Buffer.from(nonce);
    const plain = Buffer.concat(entry.parts.flatMap((part, i) => (i === 0 ? [part] : [nonceBytes, part])));
    // zlib works on libuv's threads: the rendering thread goes on with other requests.
    const body = gzipped ? await gzipAsync(plain) : plain;
    if (gzipped) response.setHeader('content-encoding', 'gzip');
    const vary = String(response.getHeader('vary') ?? '');
    if (!/accept-encoding/i.test(vary)) response.setHeader('vary', vary ? `${vary}, Accept-Encoding` : 'Accept-Encoding');
    response.setHeader('content-length', body.length);
    response.setHeader('x-atlas-page-cache', 'hit');
    response.end(body);
  };

  const cacheable = (request: IncomingMessage) => {
    if (request.method !== 'GET' || !request.headers.cookie) return false;
    const pathname = (request.url ?? '/').split('?')[0]!;
    return options.paths.some((p) => p.test(pathname));
  };

  return {
    async serve(request, response, render) {
      if (options.maxBytes <= 0 || !cacheable(request)) return render();
      let key: string;
      try {
        if (!(await options.signedIn(request.headers.cookie!))) return render();
        key = keyOf(request, await options.snapshot());
      } catch {
        // The database or the session check failed: Next.js renders the page (or its error).
        return render();
      }
      const kept = entries.get(key);
      if (kept) {
        entries.delete(key);
        entries.set(key, kept);
      }
      // Kept, or being rendered (a request waits for that render: null when it was not kept).
      const entry = kept ?? (await rendering.get(key));
      if (entry !== undefined) {
        if (entry === null || response.headersSent) return render();
        // The caller does not await this (a Node request handler): a failure ends the answer.
        return send(response, entry, acceptsGzip(request.headers['accept-encoding'])).catch(() => void response.destroy());
      }
      const captured = capture(response, options.maxBytes / 8);
      rendering.set(key, captured);
      void captured.then((made) => {
        rendering.delete(key);
        if (made) store(key, made);
      });
      response.setHeader('x-atlas-page-cache', 'miss');
      render();
    },
  };
}
