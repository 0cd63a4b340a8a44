import { z } from 'zod';

/**
 * The one normalised shape of a DMARC aggregate report, produced by both parse paths
 * (fast-xml-parser and streaming). Absent elements are null; present-but-empty elements are
 * "" where the difference matters (policy values, identifiers). Times are Unix seconds (UTC).
 */

/** A record's count: a non-negative integer that fits in 64 bits (unsigned). */
export const MAX_COUNT = 2n ** 64n - 1n;

export const ZReason = z.object({
  /** forwarded, sampled_out, trusted_forwarder, mailing_list, local_policy, other (lower case). */
  type: z.string().nullable(),
  comment: z.string().nullable(),
});

export const ZDkimAuth = z.object({
  domain: z.string().nullable(),
  selector: z.string().nullable(),
  /** none, pass, fail, policy, neutral, temperror, permerror (lower case; unknown values kept). */
  result: z.string().nullable(),
  human_result: z.string().nullable(),
});

export const ZSpfAuth = z.object({
  domain: z.string().nullable(),
  /** helo or mfrom (lower case). */
  scope: z.string().nullable(),
  /** none, neutral, pass, fail, softfail, temperror, permerror (lower case; unknown values kept). */
  result: z.string().nullable(),
  human_result: z.string().nullable(),
});

export const ZRecord = z.object({
  /** Canonical form (IPv4 dotted, IPv6 compressed lower case); the trimmed text when invalid. */
  source_ip: z.string(),
  /** False when source_ip is empty or not an IP address (then it is kept as text). */
  source_ip_valid: z.boolean(),
  count: z.bigint().nonnegative().max(MAX_COUNT),
  /** policy_evaluated/disposition: none, quarantine, reject (lower case; unknown values kept). */
  disposition: z.string().nullable(),
  /** policy_evaluated/dkim: the DMARC-aligned DKIM verdict, pass or fail. */
  policy_dkim: z.string().nullable(),
  /** policy_evaluated/spf: the DMARC-aligned SPF verdict, pass or fail. */
  policy_spf: z.string().nullable(),
  reasons: z.array(ZReason),
  /** Domains are lower case; "" when the element is present but empty. */
  header_from: z.string().nullable(),
  envelope_from: z.string().nullable(),
  envelope_to: z.string().nullable(),
  dkim: z.array(ZDkimAuth),
  spf: z.array(ZSpfAuth),
});

export const ZMetadata = z.object({
  org_name: z.string().nullable(),
  email: z.string().nullable(),
  extra_contact_info: z.string().nullable(),
  report_id: z.string().min(1),
  begin: z.number().int().nonnegative(),
  end: z.number().int().nonnegative(),
  errors: z.array(z.string()),
  /** DMARCbis: the software that produced the report. */
  generator: z.string().nullable(),
});

/**
 * Policy values as published: trimmed, case kept (a report saying "Reject" is shown as
 * such), null when absent, "" when empty. Unknown values are flagged in `warnings`.
 */
export const ZPolicyPublished = z.object({
  domain: z.string().min(1),
  adkim: z.string().nullable(),
  aspf: z.string().nullable(),
  p: z.string().nullable(),
  sp: z.string().nullable(),
  /** RFC 7489 only; DMARCbis drops it. */
  pct: z.string().nullable(),
  /** DMARCbis: policy for non-existent subdomains. */
  np: z.string().nullable(),
  /** DMARCbis: t=y / t=n. */
  testing: z.string().nullable(),
  /** DMARCbis: psl or treewalk. */
  discovery_method: z.string().nullable(),
  fo: z.string().nullable(),
});

export const ZReportHeader = z.object({
  /** Namespace URI of <feedback> (urn:ietf:params:xml:ns:dmarc-2.0 for DMARCbis), or null. */
  namespace: z.string().nullable(),
  /** feedback/version text, or null when absent. */
  version: z.string().nullable(),
  metadata: ZMetadata,
  policy_published: ZPolicyPublished,
  /** Report-level <extensions> as JSON (element name → text or nested object), or null. */
  extensions: z.json().nullable(),
});

export const ZReport = ZReportHeader.extend({
  records: z.array(ZRecord),
  /** Unknown enum values, repairs, oddities: kept, never fatal. */
  warnings: z.array(z.string()),
});

export type TReason = z.infer<typeof ZReason>;
export type TDkimAuth = z.infer<typeof ZDkimAuth>;
export type TSpfAuth = z.infer<typeof ZSpfAuth>;
export type TRecord = z.infer<typeof ZRecord>;
export type TMetadata = z.infer<typeof ZMetadata>;
export type TPolicyPublished = z.infer<typeof ZPolicyPublished>;
export type TReportHeader = z.infer<typeof ZReportHeader>;
export type TReport = z.infer<typeof ZReport>;
