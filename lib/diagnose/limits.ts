/**
 * Bounces are pasted or uploaded by users and written by strangers' mail servers: every size is
 * bounded before any parsing, and every text the rules look at is cut to a known length.
 */
export const DIAGNOSE_LIMITS = {
  /** Largest input accepted (a bounce that returns a big original message is still well under). */
  maxInputBytes: 10 * 1024 * 1024,
  /** The human-readable notification text examined. */
  maxTextChars: 64 * 1024,
  /** The returned message's header section examined. */
  maxHeaderChars: 64 * 1024,
  /** One diagnostic (server reply) kept and matched. */
  maxDiagnosticChars: 4 * 1024,
  /** Per-recipient groups read from a delivery-status part. */
  maxDsnRecipients: 200,
} as const;

export type TDiagnoseErrorCode = 'input.too_large' | 'input.empty';

/** A bounce that cannot be diagnosed at all; the message names the limit when one was hit. */
export class DiagnoseError extends Error {
  constructor(
    readonly code: TDiagnoseErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'DiagnoseError';
  }
}
