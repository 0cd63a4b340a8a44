import { VERDICT_LABELS, type TVerdict } from '@/lib/verdicts/decide-verdict';

const CLASSES: Record<TVerdict, string> = {
  authorised_passing: 'badge badge-pass',
  authorised_failing: 'badge badge-fail',
  forwarder: 'badge badge-muted',
  unknown: 'badge badge-warn',
};

export function VerdictBadge({ verdict }: { verdict: TVerdict }) {
  return <span className={CLASSES[verdict]}>{VERDICT_LABELS[verdict]}</span>;
}
