import { describe, expect, it } from 'vitest';
import { IngestError } from '@/lib/ingest/errors';
import { DEFAULT_LIMITS, LimitError, loadLimits } from '@/lib/ingest/limits';

/** Limits come from the environment, with sensible defaults, and name themselves when hit. */
describe('loadLimits', () => {
  it('defaults when nothing is set', () => {
    expect(loadLimits({})).toEqual(DEFAULT_LIMITS);
    expect(DEFAULT_LIMITS).toMatchObject({
      maxFileBytes: 256 * 2 ** 20, maxDecompressedBytes: 2 ** 30, maxDecompressionRatio: 1000, maxZipEntries: 100,
      maxAttachmentBytes: 100 * 2 ** 20, maxRecordsPerReport: 5_000_000, maxNesting: 5,
    });
  });

  it('reads every variable, sizes with or without a unit', () => {
    expect(loadLimits({
      ATLAS_MAX_FILE_BYTES: '512MiB', ATLAS_MAX_DECOMPRESSED_BYTES: '2 GB', ATLAS_MAX_DECOMPRESSION_RATIO: '50',
      ATLAS_MAX_ZIP_ENTRIES: '10', ATLAS_MAX_ATTACHMENT_BYTES: '1048576', ATLAS_MAX_RECORDS_PER_REPORT: '100',
      ATLAS_MAX_NESTING: '3', ATLAS_STREAM_THRESHOLD_BYTES: '1k',
    })).toEqual({
      maxFileBytes: 512 * 2 ** 20, maxDecompressedBytes: 2e9, maxDecompressionRatio: 50, maxZipEntries: 10,
      maxAttachmentBytes: 2 ** 20, maxRecordsPerReport: 100, maxNesting: 3, streamThresholdBytes: 1024,
    });
  });

  it('refuses invalid values, naming the variable', () => {
    for (const [name, value] of [['ATLAS_MAX_ZIP_ENTRIES', 'lots'], ['ATLAS_MAX_FILE_BYTES', '-1'], ['ATLAS_MAX_NESTING', '0'], ['ATLAS_MAX_DECOMPRESSED_BYTES', '3 parsecs']]) {
      let error: unknown;
      try {
        loadLimits({ [name]: value });
      } catch (err) {
        error = err;
      }
      expect(error).toBeInstanceOf(IngestError);
      expect((error as IngestError).code).toBe('config.invalid');
      expect((error as IngestError).message).toContain(name);
    }
  });
});

describe('LimitError', () => {
  it('has a stable code and tells which variable to raise', () => {
    const err = new LimitError('maxDecompressedBytes', 2 ** 30, 'mail.eml › r.zip decompresses to more than 1 GiB');
    expect(err).toBeInstanceOf(IngestError);
    expect(err.code).toBe('limit.decompressed_bytes');
    expect(err.env).toBe('ATLAS_MAX_DECOMPRESSED_BYTES');
    expect(err.message).toMatch(/limited to 1 GiB by ATLAS_MAX_DECOMPRESSED_BYTES; raise ATLAS_MAX_DECOMPRESSED_BYTES/);
  });
});
