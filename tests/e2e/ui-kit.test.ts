import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { WebServer } from '../../lib/platform/system/next-server';
import { screenshotPath } from '../helpers/browser';
import { useTestDatabase } from '../helpers/db';
import { startDemoApp, stopSignedIn, type TSession } from '../helpers/signed-in-app';

// The app's look in a real browser with the demo data: every existing page in light and dark
// mode at a desktop and a phone width (screenshots in tests/artifacts/ui-*.png, for a person to
// look at), plus the behaviour the UI kit adds: theme cookie, phone menu, skip link, 404 pages
// whose scripts run under the CSP, confirmation dialogs, the command palette.

/** Pages hydrate and charts draw on a busy 2-core machine: conditions get time to hold. */
const WAIT = { timeout: 30_000, interval: 100 };
const WIDTHS = [1440, 390] as const;
const SCHEMES = ['light', 'dark'] as const;
const PAGES = [
  { name: 'overview', path: '/', heading: 'Overview' },
  { name: 'sender-map', path: '/domains/example.com/sources?days=30', heading: 'Sender map · example.com' },
  { name: 'settings', path: '/settings/domains', heading: 'Settings' },
] as const;

let web: WebServer;
let browser: Browser;
/** The signed-in demo user's cookies, reused by every context. */
let session: TSession;

/** Messages the browser logs when the CSP blocks something (a page whose scripts don't run). */
function watchCsp(page: Page): string[] {
  const blocked: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error' && /Content Security Policy/i.test(message.text())) blocked.push(message.text());
  });
  return blocked;
}

/** The page background's brightness, 0–255. */
async function backgroundLightness(page: Page): Promise<number> {
  const colour = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  const [r, g, b] = (colour.match(/\d+/g) ?? ['0', '0', '0']).map(Number);
  return Math.round((r + g + b) / 3);
}

async function newPage(options: { width: number; scheme: 'light' | 'dark'; signedIn?: boolean }): Promise<Page> {
  const context = await browser.newContext({
    viewport: { width: options.width, height: 900 },
    colorScheme: options.scheme,
    storageState: options.signedIn === false ? undefined : session,
  });
  return context.newPage();
}

beforeAll(async () => {
  ({ web, browser, session } = await startDemoApp(await useTestDatabase()));
}, 600_000);

afterAll(() => stopSignedIn({ web, browser }));

describe('every page, light and dark, desktop and phone', () => {
  for (const scheme of SCHEMES) {
    for (const width of WIDTHS) {
      it(`renders the login page (${scheme}, ${width} px)`, async () => {
        const page = await newPage({ width, scheme, signedIn: false });
        const blocked = watchCsp(page);
        await page.goto(`${web.url}/login`);
        await expect.poll(() => page.getByRole('heading', { name: 'Sign in' }).isVisible(), WAIT).toBe(true);
        const lightness = await backgroundLightness(page);
        expect(scheme === 'dark' ? lightness < 60 : lightness > 200).toBe(true);
        await page.screenshot({ path: screenshotPath(`ui-login-${scheme}-${width}`), fullPage: true });
        expect(blocked).toEqual([]);
        await page.context().close();
      });

      for (const target of PAGES) {
        it(`renders ${target.name} (${scheme}, ${width} px)`, async () => {
          const page = await newPage({ width, scheme });
          const blocked = watchCsp(page);
          await page.goto(`${web.url}${target.path}`);
          await expect.poll(() => page.getByRole('heading', { level: 1, name: target.heading }).isVisible(), WAIT).toBe(true);
          // Charts draw after hydration: wait for the overview's lines and the treemap's tiles.
          if (target.name === 'overview') await expect.poll(() => page.locator('.recharts-line').count(), WAIT).toBe(3);
          if (target.name === 'sender-map') await expect.poll(() => page.locator('.recharts-treemap-depth-1').count(), WAIT).toBeGreaterThan(3);
          const lightness = await backgroundLightness(page);
          expect(scheme === 'dark' ? lightness < 60 : lightness > 200).toBe(true);
          await page.screenshot({ path: screenshotPath(`ui-${target.name}-${scheme}-${width}`), fullPage: true });
          expect(blocked).toEqual([]);
          await page.context().close();
        });
      }
    }
  }
});

describe('layout', () => {
  it('shows the whole role under the address in the sidebar', async () => {
    const page = await newPage({ width: 1280, scheme: 'light' });
    await page.goto(web.url);
    const role = page.locator('.account-role');
    await expect.poll(() => role.textContent(), WAIT).toBe('Owner');
    expect(await role.evaluate((el) => el.scrollWidth <= el.clientWidth)).toBe(true);
    await page.context().close();
  });

  it('folds the navigation behind a Menu button on a phone', async () => {
    const page = await newPage({ width: 390, scheme: 'light' });
    await page.goto(web.url);
    const settings = page.getByRole('link', { name: 'Settings', exact: true });
    await expect.poll(() => settings.isVisible(), WAIT).toBe(false);
    await page.getByRole('button', { name: 'Menu' }).click();
    await expect.poll(() => settings.isVisible(), WAIT).toBe(true);
    await page.screenshot({ path: screenshotPath('ui-phone-menu-open'), fullPage: false });
    await settings.click();
    await page.waitForURL(/\/settings\/domains$/);
    // The menu closes after navigating.
    await expect.poll(() => page.getByRole('button', { name: 'Menu' }).getAttribute('aria-expanded'), WAIT).toBe('false');
    await page.context().close();
  });

  it('offers a skip link as the first Tab stop, with a visible focus ring', async () => {
    const page = await newPage({ width: 1440, scheme: 'light' });
    await page.goto(web.url);
    await page.keyboard.press('Tab');
    const focused = page.locator(':focus');
    expect(await focused.textContent()).toBe('Skip to content');
    expect(await focused.evaluate((el) => el.getBoundingClientRect().top >= 0)).toBe(true);
    await page.keyboard.press('Enter');
    await expect.poll(() => page.evaluate(() => document.activeElement?.id), WAIT).toBe('main');
    await page.keyboard.press('Tab');
    const ring = await page.locator(':focus').evaluate((el) => getComputedStyle(el).outlineStyle);
    expect(ring).toBe('solid');
    await page.context().close();
  });
});

describe('theme', () => {
  it('follows the system until the user picks one, then the server renders that choice', async () => {
    const page = await newPage({ width: 1440, scheme: 'dark' });
    await page.goto(web.url);
    expect(await backgroundLightness(page)).toBeLessThan(60);
    await page.getByRole('group', { name: 'Colour theme' }).getByRole('button', { name: 'Light' }).click();
    await expect.poll(() => backgroundLightness(page), WAIT).toBeGreaterThan(200);
    const cookie = (await page.context().cookies()).find((c) => c.name === 'atlas-theme');
    expect(cookie?.value).toBe('light');
    // The server's HTML already carries the choice: no flash of the system's dark theme.
    const html = await (await page.request.get(web.url)).text();
    expect(html).toMatch(/<html[^>]*data-theme="light"/);
    await page.reload();
    expect(await backgroundLightness(page)).toBeGreaterThan(200);
    expect(await page.getByRole('button', { name: 'Light' }).getAttribute('aria-pressed')).toBe('true');
    await page.context().close();
  });
});

describe('pages that do not exist', () => {
  for (const path of ['/reports/999999999', '/domains/example.com/no-such-view', '/domains/not-ours.example/sources']) {
    it(`${path} is a styled page with a way back, whose scripts run`, async () => {
      const page = await newPage({ width: 1440, scheme: 'light' });
      const blocked = watchCsp(page);
      const response = await page.goto(`${web.url}${path}`);
      expect(response?.status()).toBe(404);
      const back = page.getByRole('link', { name: 'Go to the overview' });
      await expect.poll(() => back.isVisible(), WAIT).toBe(true);
      await page.screenshot({ path: screenshotPath(`ui-404${path.replaceAll(/[^a-z0-9]+/g, '-')}`), fullPage: true });
      await back.click();
      await expect.poll(() => page.getByRole('heading', { level: 1, name: 'Overview' }).isVisible(), WAIT).toBe(true);
      expect(blocked).toEqual([]);
      await page.context().close();
    });
  }
});

describe('sources', () => {
  it('approves a source only after a dialog that says what approving does', async () => {
    const page = await newPage({ width: 1440, scheme: 'light' });
    const blocked = watchCsp(page);
    await page.goto(`${web.url}/domains/example.com/sources?days=30&all=1`);
    const row = page.locator('table.sources-table tbody tr').filter({ has: page.getByRole('button', { name: /^Approve / }) }).first();
    const label = (await row.locator('.source-name').textContent())?.trim() ?? '';
    await row.getByRole('button', { name: `Approve ${label}` }).click();
    const dialog = page.getByRole('alertdialog');
    await expect.poll(() => dialog.isVisible(), WAIT).toBe(true);
    expect(await dialog.textContent()).toContain('authorised sender of example.com');
    await page.screenshot({ path: screenshotPath('ui-approve-dialog'), fullPage: false });
    // Cancel changes nothing; focus returns to the button that opened the dialog.
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await expect.poll(() => dialog.count(), WAIT).toBe(0);
    expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe(`Approve ${label}`);
    await row.getByRole('button', { name: `Approve ${label}` }).click();
    await page.getByRole('alertdialog').getByRole('button', { name: 'Approve' }).click();
    const undo = page.getByRole('button', { name: `Undo approval of ${label}` });
    await expect.poll(() => undo.count(), WAIT).toBe(1);
    expect(blocked).toEqual([]);
    await page.context().close();
  });
});

describe('command palette', () => {
  it('jumps to a domain with Ctrl-K, typing and Enter', async () => {
    const page = await newPage({ width: 1440, scheme: 'dark' });
    const blocked = watchCsp(page);
    await page.goto(web.url);
    await expect.poll(() => page.locator('.recharts-line').count(), WAIT).toBe(3);
    await page.keyboard.press('Control+k');
    const input = page.getByPlaceholder('Jump to a domain, source or report…');
    await expect.poll(() => input.isVisible(), WAIT).toBe(true);
    await input.fill('example.org');
    const option = page.getByRole('option', { name: /example\.org/ });
    await expect.poll(() => option.count(), WAIT).toBe(1);
    await page.screenshot({ path: screenshotPath('ui-command-palette'), fullPage: false });
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/domains\/example\.org\/sources$/);
    await expect.poll(() => page.getByRole('heading', { level: 1, name: 'Sender map · example.org' }).isVisible(), WAIT).toBe(true);
    expect(blocked).toEqual([]);
    await page.context().close();
  });
});
