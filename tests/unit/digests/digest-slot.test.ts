import { describe, expect, it } from 'vitest';
import { digestWeek, dueDigestSlot, latestDigestSlot, nextDigestSlot, zonedToUtc } from '../../../lib/digests';

// When a weekly digest goes out, in the user's zone, and which week it covers.

const monday8 = (timeZone: string) => ({ digestEnabled: true, digestWeekday: 1, digestHour: 8, timeZone });

describe('the digest week', () => {
  it('is the 7 UTC days before the send day, end exclusive, and the 7 before those', () => {
    const w = digestWeek('2026-05-11');
    expect([w.week.start.toISOString(), w.week.end.toISOString()]).toEqual(['2026-05-04T00:00:00.000Z', '2026-05-11T00:00:00.000Z']);
    expect([w.previous.start.toISOString(), w.previous.end.toISOString()]).toEqual(['2026-04-27T00:00:00.000Z', '2026-05-04T00:00:00.000Z']);
    expect(digestWeek(new Date('2026-05-11T23:59:00Z')).asOf).toBe('2026-05-11');
  });
});

describe('the send time', () => {
  it('is the chosen weekday and hour in the user’s zone, summer and winter time alike', () => {
    expect(latestDigestSlot(monday8('Europe/Berlin'), new Date('2026-05-13T00:00:00Z')).at.toISOString()).toBe('2026-05-11T06:00:00.000Z');
    expect(latestDigestSlot(monday8('Europe/Berlin'), new Date('2026-01-14T00:00:00Z')).at.toISOString()).toBe('2026-01-12T07:00:00.000Z');
    // Half-hour zones: 08:00 in Kolkata is 02:30 UTC.
    expect(latestDigestSlot(monday8('Asia/Kolkata'), new Date('2026-05-11T03:00:00Z')).at.toISOString()).toBe('2026-05-11T02:30:00.000Z');
  });

  it('covers the week before its UTC send day, which can be the day before the local one', () => {
    // Monday 08:00 in Tokyo is Sunday 23:00 UTC.
    expect(latestDigestSlot(monday8('Asia/Tokyo'), new Date('2026-05-11T00:00:00Z'))).toEqual({ at: new Date('2026-05-10T23:00:00Z'), asOf: '2026-05-10' });
  });

  it('is due from its time for a day (a worker that was down catches up), never before, never when off', () => {
    const setting = monday8('UTC');
    expect(dueDigestSlot(setting, new Date('2026-05-11T07:59:00Z'))).toBeNull();
    expect(dueDigestSlot(setting, new Date('2026-05-11T08:00:00Z'))?.asOf).toBe('2026-05-11');
    expect(dueDigestSlot(setting, new Date('2026-05-12T07:59:00Z'))?.asOf).toBe('2026-05-11');
    expect(dueDigestSlot(setting, new Date('2026-05-12T08:01:00Z'))).toBeNull();
    expect(dueDigestSlot({ ...setting, digestEnabled: false }, new Date('2026-05-11T09:00:00Z'))).toBeNull();
  });

  it('says when the next one goes out, across a change to summer time', () => {
    expect(nextDigestSlot(monday8('Europe/Berlin'), new Date('2026-03-24T12:00:00Z')).at.toISOString()).toBe('2026-03-30T06:00:00.000Z');
    expect(nextDigestSlot(monday8('Europe/Berlin'), new Date('2026-03-30T05:59:00Z')).at.toISOString()).toBe('2026-03-30T06:00:00.000Z');
  });

  it('turns a wall-clock time into an instant', () => {
    expect(zonedToUtc({ year: 2026, month: 7, day: 1, hour: 9 }, 'America/New_York').toISOString()).toBe('2026-07-01T13:00:00.000Z');
  });
});
