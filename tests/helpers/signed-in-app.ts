import type { Browser, BrowserContext } from 'playwright-core';
import { seedDemo } from '../../lib/demo/seed';
import type { WebServer } from '../../lib/platform/system/next-server';
import { loadEnrichmentConfig } from '../../lib/sources/enrichment/config';
import { runEnrichment } from '../../lib/sources/enrichment/run-enrichment';
import { launchBrowser } from './browser';
import { signInAs } from './sign-in';
import { startWebApp } from './web';

export type TSession = Awaited<ReturnType<BrowserContext['storageState']>>;

/** The web app, a browser, and one user's signed-in cookies for the tests' fresh contexts. */
export interface TSignedInApp {
  web: WebServer;
  browser: Browser;
  session: TSession;
}

/** The demo user of `npx atlas demo` (lib/demo/seed.ts). */
export const DEMO_USER = { email: 'demo@example.com', password: 'demo-atlas' };

/**
 * Starts the app on `databaseUrl` and Chromium, and signs `email` in once through the login
 * page: each test then opens its own context with `session`, so none depends on another's cookies.
 */
export async function startSignedIn(databaseUrl: string, email: string, options: { password?: string; env?: Record<string, string> } = {}): Promise<TSignedInApp> {
  const web = await startWebApp(databaseUrl, options.env);
  let browser: Browser | undefined;
  try {
    browser = await launchBrowser();
    const context = await browser.newContext();
    await signInAs(await context.newPage(), web.url, email, options.password);
    const session = await context.storageState();
    await context.close();
    return { web, browser, session };
  } catch (error) {
    // The caller never gets these to close: a failed sign-in must not leave a server running.
    await stopSignedIn({ web, browser });
    throw error;
  }
}

/**
 * The demo data in the test file's database (from `useTestDatabase()`), enriched from the offline
 * data only (no DNS in tests), then the app signed in as the demo user. `prepare` adds to the
 * data before the app starts.
 */
export async function startDemoApp(url: string, prepare?: () => Promise<unknown>): Promise<TSignedInApp> {
  await seedDemo();
  await runEnrichment({ config: loadEnrichmentConfig({ ATLAS_ENRICH_DNS: 'off' }) });
  await prepare?.();
  return startSignedIn(url, DEMO_USER.email, { password: DEMO_USER.password });
}

/** Closes what `startSignedIn` started; safe when the start failed half-way. */
export async function stopSignedIn(app: Partial<Pick<TSignedInApp, 'web' | 'browser'>>): Promise<void> {
  await app.browser?.close();
  await app.web?.stop();
}
