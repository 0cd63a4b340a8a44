'use client';

import { useRouter } from 'next/navigation';
import { useState, useTransition } from 'react';
import { decideSourceAction } from '@/app/(dashboard)/domains/[domain]/sources/actions';

/**
 * Approve / reject / undo for one source; approving can give the source a name. Compact: icon
 * buttons for a table row (the names are their accessible labels and tooltips).
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
  const [error, setError] = useState<string | null>(null);
  const decide = (kind: 'approved' | 'rejected' | 'cleared') =>
    start(async () => {
      let name: string | undefined;
      if (kind === 'approved') {
        const answer = window.prompt(`Approve “${label}” as a sender of ${domain}. Name it (optional):`, label);
        if (answer === null) return;
        name = answer.trim() && answer.trim() !== label ? answer.trim() : undefined;
      } else if (kind === 'rejected' && !window.confirm(`Reject “${label}”? It will be reported as not authorised to send as ${domain}.`)) {
        return;
      }
      const result = await decideSourceAction({ domain, sourceKey, decision: kind, label: name });
      if (!result.ok) return setError(result.error);
      setError(null);
      router.refresh();
    });
  const undo = `Undo ${decision === 'approved' ? 'approval' : 'rejection'}`;
  return (
    <span className="decision-buttons">
      {decision ? (
        <button className="btn btn-small" disabled={pending} onClick={() => decide('cleared')} title={compact ? `${undo}: let the heuristics decide again` : 'Let the heuristics decide again'}>
          {compact ? 'Undo' : undo}
        </button>
      ) : compact ? (
        <>
          <button className="btn btn-small btn-icon" disabled={pending} onClick={() => decide('approved')} title={`Approve as a sender of ${domain}`} aria-label={`Approve ${label}`}>
            ✓
          </button>
          <button className="btn btn-small btn-icon btn-danger" disabled={pending} onClick={() => decide('rejected')} title={`Reject: not authorised to send as ${domain}`} aria-label={`Reject ${label}`}>
            ✕
          </button>
        </>
      ) : (
        <>
          <button className="btn btn-small" disabled={pending} onClick={() => decide('approved')}>
            Approve
          </button>
          <button className="btn btn-small btn-danger" disabled={pending} onClick={() => decide('rejected')}>
            Reject
          </button>
        </>
      )}
      {error && (
        <span className="badge badge-fail" role="alert">
          {error}
        </span>
      )}
    </span>
  );
}
