import styles from './badges.module.css';

export interface TPolicyBadgeProps {
  /** The published `p` (as reported or looked up: any string; unknown values are shown as such). */
  p: string | null;
  sp?: string | null;
  np?: string | null;
  pct?: string | number | null;
  /** DMARCbis `t`: "y" while testing. */
  testing?: string | null;
}

const POLICY_CLASS: Record<string, string> = { none: 'badge badge-muted', quarantine: 'badge badge-warn', reject: 'badge badge-pass' };
const POLICY_TITLE: Record<string, string> = {
  none: 'Monitoring only: receivers deliver failing mail as usual',
  quarantine: 'Receivers put failing mail in spam or quarantine',
  reject: 'Receivers refuse failing mail (550 5.7.1)',
};
/** Values come from reports anyone can send: show them, but short. */
const clip = (value: string) => (value.length > 16 ? `${value.slice(0, 15)}…` : value);

/** A domain's published DMARC policy: p, and sp / np / pct / t when they say something more. */
export function PolicyBadge({ p, sp, np, pct, testing }: TPolicyBadgeProps) {
  const policy = p?.trim().toLowerCase() || null;
  const percent = pct === null || pct === undefined || pct === '' ? null : Number(pct);
  return (
    <span className={styles.policy}>
      {policy === null ? (
        <span className="badge badge-fail" title="No DMARC policy seen: receivers apply none">
          no policy
        </span>
      ) : (
        <span className={`${POLICY_CLASS[policy] ?? 'badge badge-muted'} badge-nowrap`} title={POLICY_TITLE[policy] ?? 'Not a policy receivers know'}>
          p={clip(policy)}
        </span>
      )}
      {sp && sp.toLowerCase() !== policy && (
        <span className={styles.chip} title="Policy for subdomains">
          sp={clip(sp.toLowerCase())}
        </span>
      )}
      {np && (
        <span className={styles.chip} title="Policy for non-existent subdomains (DMARCbis)">
          np={clip(np.toLowerCase())}
        </span>
      )}
      {percent !== null && Number.isFinite(percent) && percent < 100 && (
        <span className={styles.chip} title={`The policy applies to ${percent}% of failing mail (RFC 7489; DMARCbis drops pct)`}>
          pct={percent}
        </span>
      )}
      {testing?.toLowerCase() === 'y' && (
        <span className={styles.chip} title="Testing mode (t=y): receivers apply the next lower policy">
          t=y
        </span>
      )}
    </span>
  );
}
