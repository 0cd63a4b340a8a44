import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { WorldMap } from '../../../components/charts/world-map';

// WorldMap is an async server component: called as a function it gives the element tree the
// server would stream, rendered here to HTML.
async function render(countries: { code: string; messages: number }[]) {
  return renderToStaticMarkup(await WorldMap({ countries }));
}

describe('the world map', () => {
  it('colours each country with mail by volume and lists the figures in a table', async () => {
    const html = await render([
      { code: 'US', messages: 120_000 },
      { code: 'de', messages: 3_400 },
      { code: 'BR', messages: 12 },
    ]);
    expect(html).toMatch(/fill="var\(--map-5\)"[^>]*data-name="United States"[^>]*data-messages="120000"/);
    expect(html).toMatch(/fill="var\(--map-\d\)"[^>]*data-name="Germany"[^>]*data-messages="3400"/);
    expect(html).toMatch(/fill="var\(--map-empty\)"[^>]*data-name="France"[^>]*data-messages="0"/);
    expect(html).toContain('<td class="num">120,000</td>');
    expect(html).toContain('Brazil');
    expect(html).not.toContain('Antarctica');
  });

  it('marks countries too small for the base map with a dot (Singapore, Malta)', async () => {
    const html = await render([
      { code: 'SG', messages: 900 },
      { code: 'MT', messages: 4 },
    ]);
    expect(html).toMatch(/<circle[^>]*data-name="Singapore"[^>]*data-messages="900"/);
    expect(html).toMatch(/<circle[^>]*data-name="Malta"/);
  });

  it('ignores codes that are not ISO alpha-2 and says when no country is known', async () => {
    const html = await render([
      { code: '<script>', messages: 5 },
      { code: 'ZZZ', messages: 5 },
    ]);
    expect(html).not.toContain('<script>');
    expect(html).toContain('No country known yet');
  });
});
