/**
 * One error type for everything the ingest pipeline refuses, so that callers (CLI, upload
 * route, IMAP poller, store) can show the message to a person and branch on `code` without
 * parsing text. Codes are stable identifiers: the UI and the database keep them.
 */
export class IngestError extends Error {
  readonly code: string;

  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'IngestError';
    this.code = code;
  }
}

/** The error's message, led by where in the input it happened unless it already says so. */
export function messageAt(path: string, error: IngestError): string {
  return error.message.startsWith(path) ? error.message : `${path}: ${error.message}`;
}

/**
 * Anything thrown by a library (zlib, yauzl, mailparser, saxes) becomes an IngestError with the
 * given code; an IngestError passes through untouched so that its precise code survives.
 */
export function toIngestError(err: unknown, code: string, prefix: string): IngestError {
  if (err instanceof IngestError) return err;
  const detail = err instanceof Error ? err.message : String(err);
  return new IngestError(code, `${prefix}: ${detail}`, { cause: err });
}
