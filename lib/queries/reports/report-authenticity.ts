/** Longest signing domain shown (a host name is at most 253 characters). */
export const VERIFIED_BY_MAX = 253;
/** Longest authenticity note shown: the ingest caps it too, this bounds older or odd rows. */
export const AUTH_NOTE_MAX = 500;

/** How the mail that brought a report vouches for it, as pages and the API show it. */
export interface TReportAuthenticity {
  /** A DKIM signature of the reporter's own domain, aligned with From, verified the mail. */
  verified: boolean;
  /** That signing domain; null when unverified. */
  verifiedBy: string | null;
  /** The check in words ("no DKIM signature", "dkim=fail d=…"); null when the report did not come by mail. */
  note: string | null;
}

/**
 * Both columns hold what a mail's sender chose (a DKIM d= tag, mailauth's reading of the
 * mail): bounded here so no page or API answer carries more than a line of it.
 */
export function readAuthenticity(verifiedBy: string | null, authNote: string | null): TReportAuthenticity {
  const by = verifiedBy ? verifiedBy.slice(0, VERIFIED_BY_MAX) : null;
  return { verified: by !== null, verifiedBy: by, note: authNote ? authNote.slice(0, AUTH_NOTE_MAX) : null };
}
