import type { IngestMessage } from './types';

// Loaded on first use so that the poller's modules (and their tests) do not pull in the whole
// pipeline until a message actually has to be ingested.
export const defaultIngest: IngestMessage = Object.assign(
  async (input: Parameters<IngestMessage>[0]) => {
    const { ingestBuffer } = await import('@/lib/ingest');
    return ingestBuffer(input);
  },
  {
    many: async (inputs: Parameters<IngestMessage>[0][]) => {
      const { ingestMany } = await import('@/lib/ingest');
      return ingestMany(inputs);
    },
  },
);
