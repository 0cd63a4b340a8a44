import { describe, expect, it } from 'vitest';
import { dayWindow } from '../../../lib/platform/dates';
import { reporterCadence } from '../../../lib/queries/reporters/reporter-cadence';

// "Yahoo stopped reporting 9 days ago": when a reporter counts as regular, and when its silence
// is a gap (docs/reporters.md).

const DAY = 86_400_000;
const TODAY = new Date('2026-05-20T10:00:00Z');
const day = (daysAgo: number) => new Date(Date.UTC(2026, 4, 20) - daysAgo * DAY).toISOString().slice(0, 10);
/** Report days from `from` days ago to `to` days ago, every `step` days. */
const days = (from: number, to: number, step = 1) => Array.from({ length: Math.floor((from - to) / step) + 1 }, (_, i) => day(from - i * step));
const last30 = dayWindow({ days: 30 }, TODAY);

describe('reporterCadence', () => {
  it('a reporter that reports every day and did yesterday is regular, with no gaps', () => {
    const c = reporterCadence(days(60, 1), last30);
    expect(c).toMatchObject({ status: 'regular', usualInterval: 1, quietAfter: 3, silentDays: 1, frequency: 'daily', gaps: [] });
  });

  it('a daily reporter silent for 9 days has stopped: the silence is named and dated', () => {
    const c = reporterCadence(days(60, 9), last30);
    expect(c.status).toBe('quiet');
    expect(c.silentDays).toBe(9);
    expect(c.lastReportDay).toBe(day(9));
    expect(c.frequency).toBe('daily');
    expect(c.gaps).toEqual([{ from: day(8), to: day(-1), days: 9 }]);
  });

  it('reports arriving a day or two late are not a gap', () => {
    expect(reporterCadence(days(60, 2), last30).status).toBe('regular');
    expect(reporterCadence(days(60, 3), last30).status).toBe('regular');
    expect(reporterCadence(days(60, 4), last30).status).toBe('quiet');
  });

  it('judges a reporter by its own rhythm: every 3 days is regular, a week of silence is not yet a gap, ten days is', () => {
    const every3 = days(60, 3, 3);
    expect(reporterCadence(every3, last30)).toMatchObject({ status: 'regular', usualInterval: 3, quietAfter: 7, frequency: 'about every 3 days' });
    expect(reporterCadence(days(60, 6, 3), last30).status).toBe('regular');
    expect(reporterCadence(days(60, 9, 3), last30).status).toBe('quiet');
  });

  it('one past outage does not make a daily reporter look weekly, and shows as a gap of the period', () => {
    const withOutage = [...days(60, 21), ...days(12, 1)];
    const c = reporterCadence(withOutage, last30);
    expect(c).toMatchObject({ status: 'regular', usualInterval: 1 });
    expect(c.gaps).toEqual([{ from: day(20), to: day(12), days: 8 }]);
  });

  it('too few report days to tell: occasional, never "stopped"', () => {
    expect(reporterCadence([day(50), day(30), day(20), day(15)], last30)).toMatchObject({ status: 'occasional', usualInterval: null, gaps: [], frequency: '4 report days' });
  });

  it('is judged as of the window’s last day: a past window sees the reporter as it was then', () => {
    const past = dayWindow({ from: day(40), to: day(9) }, TODAY);
    expect(reporterCadence(days(60, 9), past)).toMatchObject({ status: 'regular', silentDays: 0 });
  });
});
