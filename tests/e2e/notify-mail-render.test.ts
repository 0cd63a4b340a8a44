import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderAlert, renderDigest } from '../../lib/notify';
import { ARTIFACTS, launchBrowser, screenshotPath } from '../helpers/browser';
import { alertOf } from '../unit/notify/alert-fixtures';
import { BASE_URL, UNSUBSCRIBE_URL, busyDomain, digestOf, severalDomains } from '../unit/notify/digest-fixtures';

// The rendered mails in a real browser engine, at a desktop mail pane's width and a phone's,
// light and dark. Screenshots land in tests/artifacts/ for a human look.

describe('notification mails in Chromium', () => {
  let browser: Browser;
  const files: Record<string, string> = {};

  beforeAll(async () => {
    browser = await launchBrowser();
    const hostile = busyDomain({
      domain: 'long-hostile.example',
      newSources: { total: 1, top: [{ label: `${'very-long-label-'.repeat(12)}.example`, detail: `${'203.0.113.9 '.repeat(10)}`, verdict: 'unknown', messages: 1, dmarcPass: 0 }] },
    });
    const samples = {
      'digest-sample': await renderDigest(severalDomains(), { baseUrl: BASE_URL, unsubscribeUrl: UNSUBSCRIBE_URL }),
      'digest-hostile': await renderDigest(digestOf([hostile]), { baseUrl: BASE_URL, unsubscribeUrl: UNSUBSCRIBE_URL }),
      'alert-sample': await renderAlert(alertOf('dns_record_changed'), { baseUrl: BASE_URL, unsubscribeUrl: UNSUBSCRIBE_URL }),
    };
    for (const [name, mail] of Object.entries(samples)) {
      files[name] = path.join(ARTIFACTS, `${name}.html`);
      writeFileSync(files[name], mail.html);
    }
  });

  afterAll(async () => {
    await browser?.close();
  });

  for (const name of ['digest-sample', 'digest-hostile', 'alert-sample']) {
    for (const width of [600, 390]) {
      it(`${name} fits ${width}px without sideways scrolling`, async () => {
        const page = await browser.newPage({ viewport: { width, height: 900 } });
        await page.goto(pathToFileURL(files[name]).href);
        await page.screenshot({ path: screenshotPath(`notify-${name}-${width}`), fullPage: true });
        const layout = await page.evaluate(() => ({
          scrollWidth: document.documentElement.scrollWidth,
          card: document.querySelector('.atlas-card')?.getBoundingClientRect().width ?? 0,
          preheaderHeight: (document.querySelector('[data-skip-in-text]') as HTMLElement | null)?.offsetHeight ?? -1,
        }));
        expect(layout.scrollWidth).toBeLessThanOrEqual(width);
        expect(layout.card).toBeGreaterThan(width * 0.8 - 40);
        expect(layout.card).toBeLessThanOrEqual(600);
        // The preheader is for the inbox list only.
        expect(layout.preheaderHeight).toBe(0);
        await page.close();
      });
    }
  }

  it('turns dark for clients that honour prefers-color-scheme', async () => {
    const page = await browser.newPage({ viewport: { width: 600, height: 900 }, colorScheme: 'dark' });
    await page.goto(pathToFileURL(files['digest-sample']).href);
    await page.screenshot({ path: screenshotPath('notify-digest-sample-600-dark'), fullPage: true });
    const colours = await page.evaluate(() => ({
      page: getComputedStyle(document.querySelector('td.atlas-body') as Element).backgroundColor,
      card: getComputedStyle(document.querySelector('.atlas-card') as Element).backgroundColor,
      text: getComputedStyle(document.querySelector('h2.atlas-text') as Element).color,
    }));
    expect(colours).toEqual({ page: 'rgb(13, 17, 23)', card: 'rgb(22, 27, 34)', text: 'rgb(230, 237, 243)' });
    await page.close();
  });
});
