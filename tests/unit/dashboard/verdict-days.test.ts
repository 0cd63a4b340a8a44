import { describe, expect, it } from 'vitest';
import { verdictDays } from '../../../components/dashboard/verdict-days';
import type { TSourceDay } from '../../../lib/queries/sources/list-source-days';

const row = (day: string, sourceKey: string, messages: number, dmarcPass: number, extra: Partial<TSourceDay> = {}): TSourceDay => ({
  day, sourceKey, messages, dmarcPass, dkimAligned: dmarcPass, spfAligned: 0, quarantined: 0, rejected: 0, ...extra,
});

describe('daily chart figures from per-source rows', () => {
  it('sums each day and splits its volume by the verdict of each source; unknown sources count as unknown', () => {
    const verdicts: Record<string, 'authorised_passing' | 'authorised_failing'> = { 'service:google-workspace': 'authorised_passing', 'service:mailchimp': 'authorised_failing' };
    const days = verdictDays(
      [
        row('2026-03-02', 'service:google-workspace', 100, 100),
        row('2026-03-01', 'service:mailchimp', 40, 10, { quarantined: 30 }),
        row('2026-03-01', 'asn:64500', 5, 0, { rejected: 5 }),
        row('2026-03-01', 'service:google-workspace', 50, 50),
      ],
      (key) => verdicts[key],
    );
    expect(days).toEqual([
      { day: '2026-03-01', messages: 95, dmarcPass: 60, dkimAlignedPass: 60, spfAlignedPass: 0, quarantined: 30, rejected: 5, byVerdict: { authorised_failing: 40, unknown: 5, authorised_passing: 50 } },
      { day: '2026-03-02', messages: 100, dmarcPass: 100, dkimAlignedPass: 100, spfAlignedPass: 0, quarantined: 0, rejected: 0, byVerdict: { authorised_passing: 100 } },
    ]);
  });
});
