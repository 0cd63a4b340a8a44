import styles from './reports.module.css';

const day = new Intl.DateTimeFormat('en-GB', { day: '2-digit', month: 'short', year: 'numeric', timeZone: 'UTC' });
const time = new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', timeZone: 'UTC', hourCycle: 'h23' });

/** A report's range: "05 Dec 2026" and, below, the hours it covers (UTC, as the reporter stated them). */
export function ReportPeriod({ begin, end }: { begin: Date; end: Date }) {
  const sameDay = day.format(begin) === day.format(new Date(end.getTime() - 1000));
  return (
    <span className={styles.period}>
      <time dateTime={begin.toISOString()}>{day.format(begin)}</time>
      <span className={styles.sub}>
        {time.format(begin)} – {sameDay ? time.format(end) : `${day.format(end)} ${time.format(end)}`}
      </span>
    </span>
  );
}
