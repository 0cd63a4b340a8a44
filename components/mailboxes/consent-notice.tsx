'use client';

import { useEffect } from 'react';
import { clearConsentOutcomeAction } from '@/app/(dashboard)/settings/mailboxes/actions';

/** The outcome of the Google consent round trip, shown once: seen, its cookie is dropped. */
export function ConsentNotice({ ok, error }: { ok?: string; error?: string }) {
  useEffect(() => {
    void clearConsentOutcomeAction();
  }, []);
  if (error) return <p role="alert" className="notice notice-error">{error}</p>;
  return ok ? <p className="notice notice-ok">{ok}</p> : null;
}
