'use client';

import { useRouter } from 'next/navigation';
import { ConfirmDialog } from '@/components/ui/confirm-dialog';
import { advanceStageAction } from '@/app/(dashboard)/domains/[domain]/enforcement/actions';

/** Records the move to the next stage (with the gates' figures), then the record is published. */
export function AdvanceButton({ domain, to, label, record, disabled }: { domain: string; to: string; label: string; record: string; disabled: boolean }) {
  const router = useRouter();
  if (disabled) {
    return (
      <button type="button" className="btn btn-primary" disabled title="Every gate must hold first">
        Advance to {label}
      </button>
    );
  }
  return (
    <ConfirmDialog
      trigger={
        <button type="button" className="btn btn-primary">
          Advance to {label}
        </button>
      }
      title={`Advance ${domain} to ${label}?`}
      description={
        <>
          <p>The stage history keeps who advanced, when, and the gates’ figures now. Then publish this record at _dmarc.{domain}:</p>
          <p className="copy">{record}</p>
          <p>The DNS watch confirms the stage once the record is published (hourly, or “Check again”).</p>
        </>
      }
      confirmLabel="Advance"
      onConfirm={async () => {
        const result = await advanceStageAction(domain, to);
        if (!result.ok) return result.error;
        router.refresh();
        return null;
      }}
    />
  );
}
