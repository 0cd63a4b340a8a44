'use client';

import * as Popover from '@radix-ui/react-popover';
import Link from 'next/link';
import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { useState } from 'react';
import { withParams } from './href';
import { parseRange, presetRange, RANGE_PRESETS } from './range-params';
import styles from './filters.module.css';

const DAY_MS = 86_400_000;
const shiftDay = (day: string, by: number) => new Date(Date.parse(`${day}T00:00:00Z`) + by * DAY_MS).toISOString().slice(0, 10);
const short = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });
const label = (day: string) => short.format(new Date(`${day}T00:00:00Z`));

/**
 * The period of every page, kept in the URL (`from`, `to` exclusive, UTC days): 7 / 30 / 90-day
 * links, and a custom range whose second field is the last day shown (inclusive, as people
 * think of it; converted to the exclusive `to`). Changing the period goes back to page 1.
 * Client component: it reads the current URL and opens a popover.
 */
export function DateRangePicker() {
  const pathname = usePathname();
  const params = useSearchParams();
  const router = useRouter();
  const range = parseRange(Object.fromEntries(params.entries()));
  const [open, setOpen] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const lastDay = shiftDay(range.to, -1);
  return (
    <div className={styles.range} role="group" aria-label="Period">
      {RANGE_PRESETS.map((days) => (
        <Link key={days} className={styles.segment} aria-current={range.preset === days ? 'true' : undefined} href={withParams(pathname, params, { ...presetRange(days), page: null })}>
          {days} days
        </Link>
      ))}
      <Popover.Root open={open} onOpenChange={setOpen}>
        <Popover.Trigger className={styles.segment} aria-current={range.preset === null ? 'true' : undefined}>
          {range.preset === null ? `${label(range.from)} – ${label(lastDay)}` : 'Custom…'}
        </Popover.Trigger>
        <Popover.Portal>
          <Popover.Content className={styles.popover} align="end" sideOffset={6}>
            <form
              className="form"
              onSubmit={(event) => {
                event.preventDefault();
                const form = new FormData(event.currentTarget);
                const from = String(form.get('from') ?? '');
                const through = String(form.get('through') ?? '');
                if (!from || !through || through < from) return setError('The last day must be on or after the first.');
                setError(null);
                setOpen(false);
                router.push(withParams(pathname, params, { from, to: shiftDay(through, 1), page: null }));
              }}
            >
              <label className="field">
                <span>First day</span>
                <input className="input" type="date" name="from" defaultValue={range.from} required />
              </label>
              <label className="field">
                <span>Last day</span>
                <input className="input" type="date" name="through" defaultValue={lastDay} required />
                <small>Days are UTC, both included.</small>
              </label>
              {error && (
                <p className="notice notice-error" role="alert">
                  {error}
                </p>
              )}
              <button type="submit" className="btn btn-primary">
                Apply
              </button>
            </form>
          </Popover.Content>
        </Popover.Portal>
      </Popover.Root>
    </div>
  );
}
