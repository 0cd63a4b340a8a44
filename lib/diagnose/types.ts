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

const ZRate = z.number().min(0).max(1).describe('Share of messages, 0–1.');
const ZDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

/** Sending-IP health of the address the bounce names: FCrDNS and each DNSBL's answer. */
export const ZIpHealthEvidence = z.object({
  ip: z.string(),
  /** live: looked up for this diagnosis; cached: the worker's answer, not yet expired. */
  checked: z.enum(['live', 'cached']),
  checked_at: z.string().describe('ISO 8601'),
  fcrdns: z.object({
    status: z.enum(['pass', 'mismatch', 'fail', 'error']),
    ptr: z.string().nullable(),
    names: z.array(z.string()),
    error: z.string().nullable(),
  }),
  dnsbl: z.array(
    z.object({
      zone: z.string(),
      status: z.enum(['listed', 'not_listed', 'error']),
      codes: z.array(z.string()),
      meanings: z.array(z.string()),
      txt: z.string().nullable(),
      error: z.string().nullable(),
    }),
  ),
  listed_on: z.array(z.string()),
});
export type TIpHealthEvidence = z.infer<typeof ZIpHealthEvidence>;

const ZAuthDomain = z.object({ domain: z.string(), messages: z.number(), pass: z.number(), aligned: z.number() });

/** What our own data says about the sender's domain, when it is one of the caller's domains. */
export const ZDomainEvidence = z.object({
  /** The caller's domain (the sender's domain or the registered domain above it). */
  domain: z.string(),
  sender_domain: z.string(),
  /** The reports' window: the last 30 UTC days, `to` exclusive. */
  window: z.object({ from: ZDay, to: ZDay }),
  /** The DMARC policy in the newest aggregate report (what receivers applied). */
  dmarc: z
    .object({
      p: z.string().nullable(),
      sp: z.string().nullable(),
      pct: z.string().nullable(),
      adkim: z.string().nullable(),
      aspf: z.string().nullable(),
      reporter: z.string(),
      seen_at: z.string().describe('ISO 8601: end of that report'),
    })
    .nullable(),
  /** The published SPF record as the worker last read it, and what to flatten when it is over the limit. */
  spf: z.object({
    status: z.string().nullable(),
    record: z.string().nullable(),
    lookups: z.number().int(),
    limit: z.number().int(),
    errors: z.array(z.string()),
    checked_at: z.string().nullable(),
    /** The record's direct includes by cost (1 + their own lookups), most expensive first. */
    includes: z.array(z.object({ include: z.string(), cost: z.number().int().nullable() })),
    /** Includes to flatten (replace with their ip4:/ip6: ranges) to get under the limit. */
    flatten: z.array(z.string()),
  }),
  /** Known services' DKIM selectors probed under the domain. */
  dkim_selectors: z.array(z.object({ selector: z.string(), status: z.string(), target: z.string().nullable() })),
  /** The sender-map source the sending address belongs to. */
  source: z
    .object({
      key: z.string(),
      label: z.string(),
      service: z.string().nullable(),
      /** The service's kind (mailbox, esp, marketing…; hosting and isp are networks, not senders). */
      type: z.string().nullable(),
      verdict: z.enum(['authorised_passing', 'authorised_failing', 'forwarder', 'unknown']),
      verdict_label: z.string(),
      reasons: z.array(z.string()),
      messages: z.number(),
      dmarc_pass_rate: ZRate,
      spf_aligned_rate: ZRate,
      dkim_aligned_rate: ZRate,
      dkim_domains: z.array(ZAuthDomain),
      spf_domains: z.array(ZAuthDomain),
      /** The DKIM selectors the service's setup publishes (catalogue), to compare with dkim_selectors. */
      selectors: z.array(z.string()),
      /** The sender map's fix advice for this source (the service's own where the catalogue has it). */
      advice: z.array(z.string()),
      addresses: z.number().int(),
      first_day: ZDay,
      last_day: ZDay,
    })
    .nullable(),
  /** The sending address itself in the reports. */
  address: z
    .object({
      ip: z.string(),
      /** sending_ip: the address the bounce names; received: found in the returned message's Received chain. */
      found_by: z.enum(['sending_ip', 'received']),
      messages: z.number(),
      dmarc_pass_rate: ZRate,
      spf_aligned_rate: ZRate,
      dkim_aligned_rate: ZRate,
      spf_pass_rate: ZRate,
      dkim_pass_rate: ZRate,
      ptr: z.string().nullable(),
      ptr_confirmed: z.boolean(),
      first_day: ZDay,
      last_day: ZDay,
    })
    .nullable(),
});
export type TDomainEvidence = z.infer<typeof ZDomainEvidence>;

/**
 * Why the diagnosis says what it says: first what the bounce itself says, then (`domain`,
 * `ip_health`, `notes`) what our own data says, when the diagnosis ran with a caller's scope.
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
  /** Stored reports about the sender's domain; null without a database or when it is not the caller's. */
  domain: ZDomainEvidence.nullable(),
  /** FCrDNS and DNSBLs of the sending address (ip_reputation, no_reverse_dns); null otherwise. */
  ip_health: ZIpHealthEvidence.nullable(),
  /** What the evidence lookup found missing, in words ("example.org is not one of your domains"). */
  notes: z.array(z.string()),
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
