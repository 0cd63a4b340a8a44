import { describe, expect, it } from 'vitest';
import { countryScale } from '../../../components/charts/country-scale';
import { toTimeSeriesRows } from '../../../components/charts/time-series-data';
import { summariseTimeSeries } from '../../../components/charts/time-series-summary';
import { plural } from '../../../components/ui/plural';

const day = (d: string, messages: number, pass: number) => ({ day: d, messages, dmarcPass: pass, spfAlignedPass: pass, dkimAlignedPass: pass });

describe('plural', () => {
  it('says 1 entry, 0 entries, 1,204 entries', () => {
    expect(plural(1, 'entry', 'entries')).toBe('1 entry');
    expect(plural(0, 'entry', 'entries')).toBe('0 entries');
    expect(plural(1204, 'entry', 'entries')).toBe('1,204 entries');
    expect(plural(2, 'report')).toBe('2 reports');
  });
});

describe('time-series rows', () => {
  it('fill the days of the window without reports with zero volume and no rate', () => {
    const rows = toTimeSeriesRows([day('2026-05-02', 200, 150)], { from: '2026-05-01', to: '2026-05-04' });
    expect(rows.map((r) => [r.day, r.messages, r.dmarc])).toEqual([
      ['2026-05-01', 0, null],
      ['2026-05-02', 200, 75],
      ['2026-05-03', 0, null],
    ]);
  });

  it('carry one volume per verdict when the input has them', () => {
    const [row] = toTimeSeriesRows([{ ...day('2026-05-02', 10, 7), byVerdict: { authorised_passing: 7, unknown: 3 } }]);
    expect(row).toMatchObject({ v_authorised_passing: 7, v_authorised_failing: 0, v_forwarder: 0, v_unknown: 3 });
  });
});

describe('the chart in words', () => {
  it('gives totals, rates, the busiest day and the movement over the period', () => {
    const days = Array.from({ length: 14 }, (_, i) => {
      const messages = i === 3 ? 500 : 100;
      return day(`2026-05-${String(i + 1).padStart(2, '0')}`, messages, i < 7 ? messages * 0.8 : messages);
    });
    const text = summariseTimeSeries(days);
    expect(text).toContain('1 May 2026 to 14 May 2026: 1,800 messages on 14 days with reports.');
    expect(text).toContain('Busiest day: 4 May 2026 with 500 messages.');
    expect(text).toContain('DMARC pass rate 80.0% in the first week, 100.0% in the last.');
    expect(summariseTimeSeries([])).toBe('No mail was reported in this period.');
  });
});

describe('the world map’s colour scale', () => {
  it('spreads volumes over orders of magnitude onto five levels, with a readable legend', () => {
    const scale = countryScale([3, 100, 1_000, 20_000, 2_000_000]);
    expect(scale.level(0)).toBe(0);
    expect(scale.level(3)).toBe(1);
    expect(scale.level(2_000_000)).toBe(5);
    expect(new Set([3, 100, 1_000, 20_000, 2_000_000].map(scale.level)).size).toBe(5);
    expect(scale.legend[0].from).toBe(3);
    expect(scale.legend.at(-1)?.to).toBe(2_000_000);
    for (let i = 1; i < scale.legend.length; i++) expect(scale.legend[i].from).toBe(scale.legend[i - 1].to + 1);
  });

  it('uses the darkest level for a single country, and nothing without mail', () => {
    expect(countryScale([42]).level(42)).toBe(5);
    expect(countryScale([]).legend).toEqual([]);
  });
});
