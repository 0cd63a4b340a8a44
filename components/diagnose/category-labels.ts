import type { TBounceCategory } from '@/lib/diagnose';

/** What each category is called on the page (the API and CLI keep the codes). */
export const CATEGORY_LABELS: Record<TBounceCategory, string> = {
  relay_denied: 'Relay denied',
  client_not_authenticated: 'Client not authenticated',
  sender_not_authorized: 'Sender not authorised by the receiver',
  ip_reputation: 'Sending IP blocked (reputation)',
  no_reverse_dns: 'No reverse DNS for the sending IP',
  dmarc_policy: 'Rejected by the DMARC policy',
  spf_fail: 'SPF failed',
  dkim_fail: 'DKIM failed',
  authentication_required: 'Authentication required (SPF or DKIM)',
  content_rejected: 'Content rejected',
  recipient_rejected: 'Recipient rejected',
  sending_restricted: 'Sending restricted by your provider',
  other: 'Other refusal',
};

/** The categories that point at something to fix on the sending side, shown in the failure colour. */
export const SENDER_SIDE: ReadonlySet<TBounceCategory> = new Set([
  'relay_denied',
  'client_not_authenticated',
  'ip_reputation',
  'no_reverse_dns',
  'dmarc_policy',
  'spf_fail',
  'dkim_fail',
  'authentication_required',
  'sending_restricted',
]);
