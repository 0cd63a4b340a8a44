import { VERDICT_LABELS, type TVerdict } from '@/lib/sources/client';

const CLASSES: Record<TVerdict, string> = {
  authorised_passing: 'badge badge-pass',
  authorised_failing: 'badge badge-fail',
  forwarder: 'badge badge-muted',
  unknown: 'badge badge-warn',
};

/** Table-width labels; the full label is the badge's title. */
const SHORT_LABELS: Record<TVerdict, string> = {
  authorised_passing: 'Authorised',
  authorised_failing: 'Failing — fix',
  forwarder: 'Forwarder / list',
  unknown: 'Unknown',
};

export function VerdictBadge({ verdict, compact = false }: { verdict: TVerdict; compact?: boolean }) {
  return (
    <span className={`${CLASSES[verdict]} badge-nowrap`} title={compact ? VERDICT_LABELS[verdict] : undefined}>
      {compact ? SHORT_LABELS[verdict] : VERDICT_LABELS[verdict]}
    </span>
  );
}
