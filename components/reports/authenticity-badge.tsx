import type { TReportAuthenticity } from '@/lib/queries';

/** The explanation of a report with no note: stored from a file, so no mail signature was checked. */
export const NOT_BY_MAIL_TEXT = 'uploaded or imported as a file, not received by mail: there was no mail signature to check';

type TProps = { auth: Pick<TReportAuthenticity, 'verifiedBy' | 'note'>; compact?: boolean };

/**
 * "Verified · DKIM d=google.com" when the reporter's own domain signed the mail that brought
 * the report, else "Not verified"; `compact` (the reports list) shows "Verified" or nothing
 * but a dash. The domain and the note come from the mail's sender: React escapes them, the
 * query caps them, and `bdi` keeps a bidi override in the domain from reordering the badge.
 */
export function AuthenticityBadge({ auth, compact = false }: TProps) {
  const explanation = auth.note ?? NOT_BY_MAIL_TEXT;
  // The list has no note at hand: its titles say only what the badge itself knows.
  if (auth.verifiedBy) {
    return (
      <span className="badge badge-pass badge-nowrap" title={compact ? `DKIM d=${auth.verifiedBy}` : explanation} data-authenticity="verified">
        {compact ? '✓ Verified' : <>Verified · DKIM d=<bdi>{auth.verifiedBy}</bdi></>}
      </span>
    );
  }
  if (compact) {
    return (
      <span className="muted" title="Not verified" data-authenticity="unverified">
        <span aria-hidden="true">—</span>
        <span className="sr-only">Not verified</span>
      </span>
    );
  }
  return (
    <span className="badge badge-muted badge-nowrap" title={explanation} data-authenticity="unverified">
      Not verified
    </span>
  );
}
