import { describe, expect, it } from 'vitest';
import { withParams } from '../../../components/filters/href';
import { dayWindow, previousWindow, windowDayList } from '../../../lib/platform/dates';
import { MAX_RANGE_DAYS, parseRange } from '../../../components/filters/range-params';
import { pageCount, pageOffset, parseTableParams } from '../../../components/data-table/table-params';

const NOW = new Date('2026-05-20T15:30:00Z');

describe('the period in the URL (from, to exclusive, UTC days)', () => {
  it('defaults to the last 30 days up to and including today', () => {
    const range = parseRange({}, NOW);
    expect(range).toMatchObject({ from: '2026-04-21', to: '2026-05-21', days: 30, preset: 30, domain: null });
    expect(range.window.start.toISOString()).toBe('2026-04-21T00:00:00.000Z');
    expect(range.window.end.toISOString()).toBe('2026-05-21T00:00:00.000Z');
  });

  it('recognises a preset written as from/to, and a custom range as none', () => {
    expect(parseRange({ from: '2026-05-14', to: '2026-05-21' }, NOW).preset).toBe(7);
    expect(parseRange({ from: '2026-02-20', to: '2026-05-21' }, NOW).preset).toBe(90);
    const custom = parseRange({ from: '2026-03-01', to: '2026-03-08' }, NOW);
    expect(custom).toMatchObject({ preset: null, days: 7, from: '2026-03-01', to: '2026-03-08' });
  });

  it('falls back to the default for impossible or reversed dates', () => {
    for (const params of [{ from: '2026-02-30', to: '2026-03-05' }, { from: '2026-03-05', to: '2026-03-01' }, { from: 'yesterday', to: '2026-03-01' }, { from: ['2026-03-01', 'x'] }]) {
      const range = parseRange(params, NOW);
      expect(range.from === '2026-04-21' || range.from === '2026-03-01', JSON.stringify(params)).toBe(true);
      expect(range.to).toBe('2026-05-21');
    }
  });

  it('caps a range at ten years, keeping its end', () => {
    const range = parseRange({ from: '1990-01-01', to: '2026-01-01' }, NOW);
    expect(range.days).toBe(MAX_RANGE_DAYS);
    expect(range.to).toBe('2026-01-01');
  });

  it('is the API’s and the CLI’s window for the same from/to (one rule: dayWindow)', () => {
    for (const params of [{}, { from: '2026-03-01', to: '2026-03-08' }, { from: '2026-05-01' }, { to: '2026-05-01' }]) {
      expect(parseRange(params, NOW).window, JSON.stringify(params)).toEqual(dayWindow({ ...params, days: 30 }, NOW));
    }
    expect(parseRange({ to: '2026-05-01' }, NOW)).toMatchObject({ from: '2026-04-01', to: '2026-05-01', preset: null });
  });

  it('takes a domain as a lower-cased hostname and ignores anything else', () => {
    expect(parseRange({ domain: 'Example.COM' }, NOW).domain).toBe('example.com');
    expect(parseRange({ domain: "x' OR 1=1" }, NOW).domain).toBeNull();
  });
});

describe('day windows', () => {
  it('compares against the window of the same length just before, and lists every day once', () => {
    const march = dayWindow({ from: '2026-03-10', to: '2026-03-13' });
    expect(previousWindow(march)).toEqual(dayWindow({ from: '2026-03-07', to: '2026-03-10' }));
    expect(windowDayList(march)).toEqual(['2026-03-10', '2026-03-11', '2026-03-12']);
  });
});

describe('links that change one param', () => {
  it('keep the others, drop the removed ones and encode values', () => {
    expect(withParams('/reports', { domain: 'example.com', page: '3', sort: 'day' }, { page: null, failures: 1 })).toBe('/reports?domain=example.com&sort=day&failures=1');
    expect(withParams('/reports', {}, { q: 'a&b' })).toBe('/reports?q=a%26b');
    expect(withParams('/reports', { page: '2' }, { page: null })).toBe('/reports');
  });
});

describe('table state in the URL', () => {
  const options = { sortKeys: ['day', 'messages'] as const, defaultSort: 'day' as const, pageSize: 50 };

  it('accepts only the page’s own sort keys and sane pages', () => {
    expect(parseTableParams({ sort: 'messages', dir: 'asc', page: '3', failures: '1' }, options)).toEqual({ sort: 'messages', dir: 'asc', page: 3, pageSize: 50, failures: true });
    expect(parseTableParams({ sort: 'id; DROP TABLE report', dir: 'sideways', page: '-2' }, options)).toEqual({ sort: 'day', dir: 'desc', page: 1, pageSize: 50, failures: false });
    expect(parseTableParams({ page: '99999999' }, options).page).toBe(1);
  });

  it('counts pages and offsets', () => {
    expect(pageCount(0, 50)).toBe(1);
    expect(pageCount(101, 50)).toBe(3);
    expect(pageOffset(parseTableParams({ page: '3' }, options))).toBe(100);
  });
});
