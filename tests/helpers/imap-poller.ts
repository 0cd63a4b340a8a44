import { startImapPoller, type PollerOptions, type RunningPoller } from '../../lib/mailboxes/imap/poller-service';
import type { IngestMessage } from '../../lib/mailboxes/imap/types';
import { parseImapUrls } from '../../lib/mailboxes/env-mailboxes';

/** The real pipeline (lib/ingest/pipeline.ts), as the worker uses it. */
export const pipelineIngest: IngestMessage = async (input) => {
  const { ingestBuffer } = await import('../../lib/ingest/pipeline');
  return ingestBuffer(input);
};

/** A poller tuned for tests: short intervals and backoff, small batches. */
export async function testPoller(urls: string[], overrides: Partial<PollerOptions> = {}): Promise<RunningPoller> {
  return startImapPoller({
    envMailboxes: parseImapUrls(urls.join(' ')),
    pollMs: 1_000,
    idle: true,
    batchSize: 10,
    batchBytes: 8 * 1024 * 1024,
    concurrency: 4,
    maxMessageBytes: 32 * 1024 * 1024,
    backoffMinMs: 50,
    backoffMaxMs: 400,
    timeoutMs: 10_000,
    ingest: pipelineIngest,
    refreshMs: 1_000,
    ...overrides,
  });
}
