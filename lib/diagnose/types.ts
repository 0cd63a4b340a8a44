import { z } from 'zod';

/** What a bounce is about, decided from the rejecting server's own words (see rules.ts). */
export const ZBounceCategory = z.enum([
  'relay_denied',
  'client_not_authenticated',
  'sender_not_authorized',
  'ip_reputation',
  'no_reverse_dns',
  'dmarc_policy',
  'spf_fail',
  'dkim_fail',
  'authentication_required',
  'content_rejected',
  'recipient_rejected',
  'sending_restricted',
  'other',
]);
export type TBounceCategory = z.infer<typeof ZBounceCategory>;

export const ZSmtpCommand = z.enum(['CONNECT', 'HELO', 'MAIL', 'RCPT', 'DATA']);
export type TSmtpCommand = z.infer<typeof ZSmtpCommand>;

/**
 * Why the diagnosis says what it says, all read from the bounce itself. The lead adds the
 * evidence from stored reports (sender map, alignment, SPF lookups, IP health) next to these.
 */
export const ZBounceEvidence = z.object({
  /** Id of the rule in rules.ts that decided the category; null when nothing matched. */
  rule: z.string().nullable(),
  /** The phrase or code the rule matched, as found in the diagnostic text. */
  matched: z.string().nullable(),
  confidence: z.enum(['high', 'medium', 'low']),
  /** The rejecting server's reply (DSN Diagnostic-Code or the reply quoted in the text). */
  diagnostic: z.string().nullable(),
  /** Where the diagnostic came from. */
  source: z.enum(['delivery-status', 'text', 'none']),
  /** The SMTP command the server answered, when the bounce says (in reply to RCPT TO…). */
  smtp_command: ZSmtpCommand.nullable(),
  reporting_mta: z.string().nullable(),
  /** The DSN's own Status: field, which MTAs sometimes map to something generic (5.0.0). */
  dsn_status: z.string().nullable(),
  action: z.string().nullable(),
  /** Envelope sender of the returned message (Return-Path, X-Postfix-Sender). */
  envelope_sender: z.string().nullable(),
  /** Public IPs in the returned message's Received chain, newest hop first. */
  received_ips: z.array(z.string()),
  /** 'eml' when the input parsed as a message, 'text' for a pasted NDR. */
  input: z.enum(['eml', 'text']),
});
export type TBounceEvidence = z.infer<typeof ZBounceEvidence>;

export const ZBounceDiagnosis = z.object({
  reply_code: z.number().int().nullable(),
  status: z.string().nullable(),
  category: ZBounceCategory,
  rejected_by: z.string().nullable(),
  sending_ip: z.string().nullable(),
  sender: z.string().nullable(),
  recipient: z.string().nullable(),
  explanation: z.string(),
  fixes: z.array(z.string()),
  evidence: ZBounceEvidence,
});
export type TBounceDiagnosis = z.infer<typeof ZBounceDiagnosis>;
