/** A Graph request that failed: the HTTP status and Graph's own error code and message. */
export class GraphError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly graphCode: string,
    readonly requestId?: string,
    /** Throttled: how long Graph asked to wait (the watcher waits at least that long). */
    readonly retryAfterMs?: number,
  ) {
    super(message);
    this.name = 'GraphError';
  }
}
