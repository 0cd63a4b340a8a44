import type { Metadata } from 'next';
import { connection } from 'next/server';
import { DiagnoseForm } from '@/components/diagnose/diagnose-form';
import { requireActor } from '@/lib/access';
import { DIAGNOSE_LIMITS } from '@/lib/diagnose';
import { PageHead } from '@/components/ui/page-head';

export const metadata: Metadata = { title: 'Diagnose a bounce' };

export default async function DiagnosePage() {
  await connection();
  await requireActor();
  return (
    <>
      <PageHead
        title="Diagnose a bounce"
        lead={
          <>
            Paste a non-delivery report (a <code>550 5.7.1</code> and the text around it) or drop the bounce message: the cause, what your own reports say about the
            source that sent it, and the steps to fix it. Nothing you paste is stored.
          </>
        }
      />
      <DiagnoseForm maxBytes={DIAGNOSE_LIMITS.maxInputBytes} />
    </>
  );
}
