'use client';

import { useEffect, useState } from 'react';
import { clearConsentOutcomeAction } from '@/app/(dashboard)/settings/mailboxes/actions';

/**
 * The outcome of the Google consent round trip, shown once: its cookie is dropped as soon as it
 * is on screen, and the text stays until the person leaves the page (dropping the cookie
 * refreshes the page, which then no longer passes it).
 */
export function ConsentNotice({ ok, error }: { ok?: string; error?: string }) {
  const [shown] = useState({ ok, error });
  useEffect(() => {
    if (shown.ok || shown.error) void clearConsentOutcomeAction();
  }, [shown]);
  if (shown.error) return <p role="alert" className="notice notice-error">{shown.error}</p>;
  return shown.ok ? <p className="notice notice-ok">{shown.ok}</p> : null;
}
