'use client';

import { useRouter } from 'next/navigation';
import { useState, useTransition } from 'react';
import { decideSourceAction } from '@/app/(dashboard)/domains/[domain]/sources/actions';
import { ConfirmDialog } from '@/components/ui/confirm-dialog';

type TDecision = 'approved' | 'rejected' | 'cleared';

/**
 * Approve / reject / undo for one source. Approve and reject ask in a dialog that says what the
 * decision does (approving can name the source); undo acts at once (it only hands the source
 * back to the heuristics). `compact`: the table row's variant ("Undo" for "Undo approval").
 */
export function SourceDecisionButtons({
  domain,
  sourceKey,
  label,
  decision,
  compact = false,
}: {
  domain: string;
  sourceKey: string;
  label: string;
  decision: 'approved' | 'rejected' | null;
  compact?: boolean;
}) {
  const router = useRouter();
  const [pending, start] = useTransition();
  const [undoError, setUndoError] = useState<string | null>(null);
  const decide = async (kind: TDecision, name?: string): Promise<string | null> => {
    const result = await decideSourceAction({ domain, sourceKey, decision: kind, label: name });
    if (!result.ok) return result.error;
    router.refresh();
    return null;
  };
  if (decision) {
    const undo = decision === 'approved' ? 'Undo approval' : 'Undo rejection';
    return (
      <span className="decision-buttons">
        <button
          type="button"
          className="btn btn-small"
          disabled={pending}
          title="Let the heuristics decide again"
          aria-label={`${undo} of ${label}`}
          onClick={() => start(async () => setUndoError(await decide('cleared')))}
        >
          {compact ? 'Undo' : undo}
        </button>
        {undoError && (
          <span className="badge badge-fail" role="alert">
            {undoError}
          </span>
        )}
      </span>
    );
  }
  return (
    <span className="decision-buttons">
      <ConfirmDialog
        trigger={
          <button type="button" className="btn btn-small btn-approve" aria-label={`Approve ${label}`}>
            Approve
          </button>
        }
        title={`Approve ${label}?`}
        description={
          <p>
            {label} will count as an authorised sender of <strong>{domain}</strong>: its failures show as “fix this” with advice, not as spoofing. You can undo this later.
          </p>
        }
        confirmLabel="Approve"
        onConfirm={async (form) => {
          const name = String(form.get('name') ?? '').trim();
          return decide('approved', name && name !== label ? name : undefined);
        }}
      >
        <label className="field">
          <span>Name (optional)</span>
          <input className="input" name="name" defaultValue={label} maxLength={120} />
          <small>How this source is shown on the sender map and in digests.</small>
        </label>
      </ConfirmDialog>
      <ConfirmDialog
        trigger={
          <button type="button" className="btn btn-small btn-danger" aria-label={`Reject ${label}`}>
            Reject
          </button>
        }
        title={`Reject ${label}?`}
        description={
          <p>
            {label} will be reported as <strong>not authorised</strong> to send as {domain}, whatever the heuristics say. Its mail should be quarantined or rejected once
            the policy is enforced. You can undo this later.
          </p>
        }
        confirmLabel="Reject sender"
        tone="danger"
        onConfirm={() => decide('rejected')}
      />
    </span>
  );
}
