import { z } from 'zod';
import styles from './reports.module.css';

// The stored auth results of a record (jsonb written by the ingest); read defensively: an entry
// that is not the expected shape is skipped rather than breaking the page.
const ZText = z.string().nullable().optional().catch(null);
const ZResult = z.object({ domain: ZText, selector: ZText, scope: ZText, result: ZText, human_result: ZText, type: ZText, comment: ZText });
const ZResults = z.array(z.unknown()).catch([]).transform((items) => items.flatMap((i) => {
  const parsed = ZResult.safeParse(i);
  return parsed.success ? [parsed.data] : [];
}));

const RESULT_CLASS: Record<string, string> = { pass: 'badge badge-pass', fail: 'badge badge-fail', softfail: 'badge badge-warn', permerror: 'badge badge-fail', temperror: 'badge badge-warn' };
/** Values come from the report's sender: shown, but short. */
const clip = (v: string, n = 60) => (v.length > n ? `${v.slice(0, n - 1)}…` : v);

/** A verdict (pass, fail, softfail…) as a coloured badge. */
export function ResultBadge({ result }: { result: string | null | undefined }) {
  const value = (result ?? '').toLowerCase() || 'none';
  return <span className={`${RESULT_CLASS[value] ?? 'badge badge-muted'} badge-nowrap`}>{clip(value, 16)}</span>;
}

/** Every DKIM signature or SPF check of a record: domain (selector / scope) and result. */
export function AuthResults({ kind, value }: { kind: 'dkim' | 'spf'; value: unknown }) {
  const results = ZResults.parse(value);
  if (results.length === 0) return <span className="muted">none</span>;
  return (
    <span className={styles.results}>
      {results.map((r, i) => (
        <span key={i} className={styles.result} title={r.human_result ?? undefined}>
          <ResultBadge result={r.result} /> {clip(r.domain ?? '(no domain)')}
          {kind === 'dkim' && r.selector ? <span className="muted"> s={clip(r.selector, 40)}</span> : null}
          {kind === 'spf' && r.scope ? <span className="muted"> ({clip(r.scope, 10)})</span> : null}
        </span>
      ))}
    </span>
  );
}

/** The reporter's override reasons (forwarded, mailing_list…), if any. */
export function OverrideReasons({ value }: { value: unknown }) {
  const reasons = ZResults.parse(value).filter((r) => r.type);
  if (reasons.length === 0) return null;
  return (
    <span className={styles.results}>
      {reasons.map((r, i) => (
        <span key={i} className="muted" title={r.comment ?? undefined}>
          override: {clip(r.type ?? '', 30)}
        </span>
      ))}
    </span>
  );
}
