import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { settleCompactions } from '../../../lib/ingest';
import { prisma } from '../../../lib/platform/db/prisma';
import type { WebServer } from '../../../lib/platform/system';
import { createUserWithRole } from '../../helpers/access-fixtures';
import { privateDatabase } from '../../helpers/db';
import { ingestReports } from '../../helpers/dmarc-report';
import { startWebApp } from '../../helpers/web';

// The web process keeps a rendered analytics page for the same request while the database is
// unchanged (lib/platform/web/page-cache.ts). What a user sees must be exactly what a render now
// would show: any write renders again, nobody gets another's page, an ended session gets no page,
// and every answer carries its own CSP nonce.
//
// The database has a server of its own: a write anywhere on the server (another test file's)
// renders the pages again, which is right but would make "answered from the cache" a matter of luck.

const YESTERDAY = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
async function ingest(specs: Parameters<typeof ingestReports>[0]): Promise<void> {
  await ingestReports(specs);
  // The rollups are compacted after an ingest, in the background: a write of its own.
  await settleCompactions();
}
const report = (domain: string, count: number) => ({ domain, day: YESTERDAY, reporter: 'google.com', records: [{ ip: '192.0.2.10', count, dkim: 'pass' as const, spf: 'pass' as const }] });

let web: WebServer;
let alice: { id: number; cookie: string };
let bob: { id: number; cookie: string };

interface TPage {
  status: number;
  cache: string | null;
  nonce: string | null;
  body: string;
  /** For an answer from the cache: the render it was kept from. */
  keptFrom?: TPage;
}

async function page(path: string, cookie: string, headers: Record<string, string> = {}): Promise<TPage> {
  const response = await fetch(`${web.url}${path}`, { headers: { cookie, ...headers }, redirect: 'manual' });
  const body = await response.text();
  const nonce = /'nonce-([^']+)'/.exec(response.headers.get('content-security-policy') ?? '')?.[1] ?? null;
  return { status: response.status, cache: response.headers.get('x-atlas-page-cache'), nonce, body };
}

/**
 * The page requested until it is answered from the cache. The first render after a change may
 * store query snapshots (lib/queries/snapshots), a write that the next request sees: a page
 * is kept from its second render at the latest.
 */
async function keptPage(path: string, cookie: string, headers: Record<string, string> = {}): Promise<TPage> {
  let rendered: TPage | undefined;
  for (let attempt = 0; attempt < 3; attempt++) {
    const answer = await page(path, cookie, headers);
    if (answer.cache === 'hit') return { ...answer, keptFrom: rendered };
    rendered = answer;
  }
  throw new Error(`${path} was never answered from the cache`);
}

/** The page with its nonce blanked: two renders of unchanged data are equal but for it. */
const withoutNonce = (p: TPage) => p.body.replaceAll(p.nonce!, 'NONCE');

const db = privateDatabase();

beforeAll(async () => {
  const url = db.url();
  const a = await prisma().organization.create({ data: { name: 'Alpha', slug: 'alpha' } });
  const b = await prisma().organization.create({ data: { name: 'Beta', slug: 'beta' } });
  await prisma().domain.create({ data: { name: 'alpha.example', organizationId: a.id } });
  await prisma().domain.create({ data: { name: 'beta.example', organizationId: b.id } });
  alice = await createUserWithRole('alice@alpha.example', a.id, 'owner');
  bob = await createUserWithRole('bob@beta.example', b.id, 'owner');
  await ingest([report('alpha.example', 1_111), report('beta.example', 7_777)]);
  web = await startWebApp(url);
}, 300_000);

afterAll(async () => {
  await web?.stop();
});

describe('the page cache of the web process', () => {
  it('answers a repeated request for an analytics page from the cache, with a fresh nonce', async () => {
    // The file's first request: rendered, then kept.
    const second = await keptPage('/', alice.cookie);
    expect(second.keptFrom?.cache).toBe('miss');
    expect(second.status).toBe(200);
    expect(second.body).toContain('1,111');
    expect(second.nonce).toMatch(/^[A-Za-z0-9+/=]{40,}$/);
    expect(second.nonce).not.toBe(second.keptFrom!.nonce);
    // The scripts carry the answer's own nonce, never the one the page was rendered with.
    expect(second.body).toContain(`nonce="${second.nonce}"`);
    expect(second.body).not.toContain(second.keptFrom!.nonce);
    // Byte for byte the render it was kept from (a render may stream its parts in another order).
    expect(withoutNonce(second)).toBe(withoutNonce(second.keptFrom!));
  });

  it('renders again after any write: a report ingested shows at once', async () => {
    expect((await keptPage('/', alice.cookie)).body).toContain('1,111');
    await ingest([report('alpha.example', 2_222)]);
    const after = await page('/', alice.cookie);
    expect(after.cache).toBe('miss');
    expect(after.body).toContain('3,333');
    expect((await keptPage('/', alice.cookie)).body).toContain('3,333');
  });

  it("never answers with another user's page", async () => {
    const own = await page('/', bob.cookie);
    expect(own.cache).toBe('miss');
    expect(own.body).toContain('beta.example');
    expect(own.body).not.toContain('alpha.example');
    const again = await page('/', alice.cookie);
    expect(again.body).toContain('alpha.example');
    expect(again.body).not.toContain('beta.example');
  });

  it('keeps the client-side navigation payload apart from the HTML page', async () => {
    await page('/reporters', alice.cookie);
    // Next.js sends a navigation request without its cache-busting parameter to the URL with it.
    const asked = await fetch(`${web.url}/reporters`, { headers: { cookie: alice.cookie, rsc: '1' }, redirect: 'manual' });
    const path = asked.status === 307 ? asked.headers.get('location')! : '/reporters';
    const rsc = await page(path, alice.cookie, { rsc: '1' });
    expect(rsc.status).toBe(200);
    expect(rsc.cache).toBe('miss');
    expect(rsc.body).not.toMatch(/^<!DOCTYPE/i);
    expect(rsc.body).toContain('google.com');
    const kept = await keptPage(path, alice.cookie, { rsc: '1' });
    expect(kept.body).not.toMatch(/^<!DOCTYPE/i);
  });

  it('compresses each answer for a client that takes gzip, and sends it plain to one that does not', async () => {
    await keptPage('/reporters', alice.cookie);
    const zipped = await fetch(`${web.url}/reporters`, { headers: { cookie: alice.cookie, 'accept-encoding': 'gzip' } });
    const plain = await fetch(`${web.url}/reporters`, { headers: { cookie: alice.cookie, 'accept-encoding': 'identity' } });
    expect(zipped.headers.get('x-atlas-page-cache')).toBe('hit');
    expect(zipped.headers.get('content-encoding')).toBe('gzip');
    expect(zipped.headers.get('vary')).toMatch(/accept-encoding/i);
    expect(plain.headers.get('x-atlas-page-cache')).toBe('hit');
    expect(plain.headers.get('content-encoding')).toBeNull();
    // fetch inflates the gzip: both are the same page.
    expect(await zipped.text()).toContain('google.com');
    expect(await plain.text()).toContain('google.com');
  });

  it('renders every other page each time', async () => {
    for (const path of ['/settings/domains', '/domains/alpha.example/dns', '/domains/alpha.example/enforcement']) {
      await page(path, alice.cookie);
      const again = await page(path, alice.cookie);
      expect(again.status, path).toBe(200);
      expect(again.cache, path).toBeNull();
    }
  });

  it('gives no page to a session that ended, though its page was kept a moment before', async () => {
    const sources = '/domains/alpha.example/sources';
    expect((await keptPage(sources, alice.cookie)).body).toContain('3,333');
    // Signing out everywhere moves the user's session version (lib/access/auth/session-revocation.ts).
    await prisma().user.update({ where: { id: alice.id }, data: { sessionVersion: { increment: 1 } } });
    const ended = await page(sources, alice.cookie);
    expect(ended.cache).not.toBe('hit');
    expect(ended.status).toBe(307);
    expect(ended.body).not.toContain('3,333');
  });
});
