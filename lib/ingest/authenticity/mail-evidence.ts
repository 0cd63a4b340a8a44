/**
 * What the mail that carried a report proves about its sender (DKIM checked by mailauth when
 * the report arrived by mail). Reports that did not arrive by mail carry no evidence.
 */
export interface TMailEvidence {
  /** The domain of the mail's From address, lower case; null when it has none. */
  fromDomain: string | null;
  /** Signing domains (d=) of the DKIM signatures that verified and align with From (relaxed). */
  alignedSigners: string[];
  /** One line for people: "dkim=pass d=google.com", "no DKIM signature", "dkim=fail …". */
  summary: string;
}

/** Checks one mail (its raw bytes, as received); never throws for what the mail contains. */
export type TVerifyMail = (raw: Buffer) => Promise<TMailEvidence>;
