import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { acceptsGzip, createPageCache, type TPageCacheOptions } from '../../../lib/platform/web/page-cache';

// The page cache's rules, in front of a small renderer that answers as Next.js does (a CSP
// header with a fresh nonce, the body streamed in parts). The integration test
// (tests/integration/platform/page-cache.test.ts) holds it to the real app.

let server: Server | undefined;

afterEach(async () => {
  const open = server;
  server = undefined;
  if (!open) return;
  const closed = new Promise((resolve) => open.close(resolve));
  open.closeAllConnections();
  await closed;
});

interface TWorld {
  url: string;
  renders: () => number;
  setSnapshot: (s: string) => void;
}

async function start(options: Partial<TPageCacheOptions> = {}): Promise<TWorld> {
  let snapshot = '100:100:';
  let renders = 0;
  const cache = createPageCache({
    paths: [/^\/page(\/\w+)?$/],
    maxBytes: 1024 * 1024,
    signedIn: async (cookie) => cookie.includes('session=ok'),
    snapshot: async () => snapshot,
    ...options,
  });
  const render = (request: IncomingMessage, response: ServerResponse) => {
    renders++;
    const nonce = Buffer.from(randomUUID()).toString('base64');
    const path = request.url ?? '/';
    response.statusCode = path.endsWith('/missing') ? 404 : 200;
    response.setHeader('content-security-policy', `script-src 'nonce-${nonce}'`);
    response.setHeader('content-type', 'text/html; charset=utf-8');
    if (path.endsWith('/cookie')) response.setHeader('set-cookie', 'x=1');
    // A Suspense boundary that failed after the 200 went out, as React streams it.
    if (path.endsWith('/failed')) response.write('<template data-dgst="3467"></template>');
    if (path.endsWith('/zipped') && /gzip/.test(String(request.headers['accept-encoding']))) {
      // Compressed for a client that takes it, as Next.js's compression does.
      response.setHeader('content-encoding', 'gzip');
      response.end(gzipSync(`<p>zipped</p><script nonce="${nonce}"></script>`));
      return;
    }
    // Streamed in parts, after a pause, as a page with Suspense boundaries is.
    response.write(`<p>${path} for ${request.headers.cookie} at ${snapshot}, ${'x'.repeat(Number(new URL(path, 'http://h').searchParams.get('pad') ?? 0))}</p>`);
    setTimeout(() => response.end(`<script nonce="${nonce}">go()</script><script nonce="${nonce}"></script>`), 20);
  };
  server = createServer((request, response) => void cache.serve(request, response, () => render(request, response)));
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, renders: () => renders, setSnapshot: (s) => (snapshot = s) };
}

async function get(world: TWorld, path: string, cookie = 'session=ok', headers: Record<string, string> = {}) {
  const response = await fetch(`${world.url}${path}`, { headers: { cookie, ...headers } });
  const body = await response.text();
  const nonce = /'nonce-([^']+)'/.exec(response.headers.get('content-security-policy') ?? '')?.[1];
  return { status: response.status, cache: response.headers.get('x-atlas-page-cache'), encoding: response.headers.get('content-encoding'), nonce, body };
}

describe('the page cache', () => {
  it('renders a page once and answers the same request again from the cache, each time with its own nonce', async () => {
    const world = await start();
    const first = await get(world, '/page');
    const second = await get(world, '/page');
    expect([first.cache, second.cache]).toEqual(['miss', 'hit']);
    expect(world.renders()).toBe(1);
    expect(second.nonce).not.toBe(first.nonce);
    expect(second.body).toBe(first.body.replaceAll(first.nonce!, second.nonce!));
    expect(second.body.split(`nonce="${second.nonce}"`)).toHaveLength(3);
  });

  it('renders again when the database snapshot moved', async () => {
    const world = await start();
    await get(world, '/page');
    world.setSnapshot('100:101:');
    const after = await get(world, '/page');
    expect(after.cache).toBe('miss');
    expect(after.body).toContain('100:101:');
    expect(world.renders()).toBe(2);
  });

  it('keys on the URL and every header a page could read, not on the client address or agent', async () => {
    const world = await start();
    await get(world, '/page');
    expect((await get(world, '/page?x=1')).cache).toBe('miss');
    expect((await get(world, '/page', 'session=ok; theme=dark')).cache).toBe('miss');
    expect((await get(world, '/page', 'session=ok', { rsc: '1' })).cache).toBe('miss');
    expect((await get(world, '/page', 'session=ok', { 'user-agent': 'other', 'x-forwarded-for': '192.0.2.1' })).cache).toBe('hit');
  });

  it('renders once for requests that arrive together', async () => {
    const world = await start();
    const answers = await Promise.all(Array.from({ length: 10 }, () => get(world, '/page')));
    expect(world.renders()).toBe(1);
    expect(answers.filter((a) => a.cache === 'hit')).toHaveLength(9);
    expect(new Set(answers.map((a) => a.body.replaceAll(a.nonce!, '')))).toHaveProperty('size', 1);
  });

  it('keeps neither failures nor answers that set cookies, and passes signed-out and other requests through', async () => {
    const world = await start();
    for (const path of ['/page/missing', '/page/failed', '/page/cookie', '/other']) {
      await get(world, path);
      expect((await get(world, path)).cache, path).not.toBe('hit');
    }
    await get(world, '/page', 'session=expired');
    expect((await get(world, '/page', 'session=expired')).cache).toBeNull();
    expect(world.renders()).toBe(10);
  });

  it('compresses each answer for a client that takes gzip', async () => {
    const world = await start();
    await get(world, '/page');
    const zipped = await get(world, '/page', 'session=ok', { 'accept-encoding': 'gzip, br' });
    const plain = await get(world, '/page', 'session=ok', { 'accept-encoding': 'gzip;q=0, identity' });
    expect([zipped.cache, zipped.encoding]).toEqual(['hit', 'gzip']);
    expect([plain.cache, plain.encoding]).toEqual(['hit', null]);
    expect(zipped.body.replaceAll(zipped.nonce!, '')).toBe(plain.body.replaceAll(plain.nonce!, ''));
  });

  it('keeps a render that was compressed for its client, and answers others as they ask', async () => {
    const world = await start();
    const first = await get(world, '/page/zipped', 'session=ok', { 'accept-encoding': 'gzip' });
    expect([first.cache, first.encoding]).toEqual(['miss', 'gzip']);
    const plain = await get(world, '/page/zipped', 'session=ok', { 'accept-encoding': 'identity' });
    expect([plain.cache, plain.encoding]).toEqual(['hit', null]);
    expect(plain.body).toBe(`<p>zipped</p><script nonce="${plain.nonce}"></script>`);
    expect(world.renders()).toBe(1);
  });

  it('lets the least recently used pages go past its size', async () => {
    // Each page is kept only while it is at most an eighth of the whole.
    const world = await start({ maxBytes: 16_000 });
    await get(world, '/page/a?pad=1500');
    await get(world, '/page/b?pad=1500');
    expect((await get(world, '/page/a?pad=1500')).cache).toBe('hit');
    for (const name of ['c', 'd', 'e', 'f', 'g', 'h', 'i', 'j', 'k']) await get(world, `/page/${name}?pad=1500`);
    expect((await get(world, '/page/b?pad=1500')).cache).toBe('miss');
    expect((await get(world, '/page/k?pad=1500')).cache).toBe('hit');
    await get(world, '/page/big?pad=3000');
    expect((await get(world, '/page/big?pad=3000')).cache).toBe('miss');
  });

  it('is off at size 0', async () => {
    const world = await start({ maxBytes: 0 });
    await get(world, '/page');
    expect((await get(world, '/page')).cache).toBeNull();
  });
});

describe('acceptsGzip', () => {
  it('reads Accept-Encoding as RFC 9110 does', () => {
    expect(acceptsGzip('gzip, deflate, br')).toBe(true);
    expect(acceptsGzip('br;q=1.0, gzip;q=0.8')).toBe(true);
    expect(acceptsGzip('*')).toBe(true);
    expect(acceptsGzip('GZIP')).toBe(true);
    expect(acceptsGzip('gzip;q=0')).toBe(false);
    expect(acceptsGzip('br, identity')).toBe(false);
    expect(acceptsGzip('')).toBe(false);
    expect(acceptsGzip(undefined)).toBe(false);
  });
});
