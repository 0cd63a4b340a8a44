import { z } from 'zod';
import { IngestError } from './errors';

/**
 * Limits protect the ingester from hostile or broken input (zip/gzip bombs, deeply nested
 * mail, absurd record counts). Every limit is configurable from the environment and named in
 * the error when hit, so that an operator with a genuine large report knows what to raise.
 */
export interface Limits {
  maxFileBytes: number;
  maxDecompressedBytes: number;
  maxDecompressionRatio: number;
  maxZipEntries: number;
  maxAttachmentBytes: number;
  maxRecordsPerReport: number;
  maxNesting: number;
  /** XML documents larger than this are parsed with the streaming parser (not a limit, a switch). */
  streamThresholdBytes: number;
}

export type LimitName = Exclude<keyof Limits, 'streamThresholdBytes'>;

const KIB = 1024;
const MIB = 1024 * KIB;
const GIB = 1024 * MIB;

/** Env var name, error code suffix and what the limit measures, per limit. */
export const LIMIT_INFO: Record<LimitName, { env: string; code: string; what: string }> = {
  maxFileBytes: { env: 'ATLAS_MAX_FILE_BYTES', code: 'limit.file_bytes', what: 'input file size' },
  maxDecompressedBytes: {
    env: 'ATLAS_MAX_DECOMPRESSED_BYTES',
    code: 'limit.decompressed_bytes',
    what: 'total decompressed size of one input',
  },
  maxDecompressionRatio: {
    env: 'ATLAS_MAX_DECOMPRESSION_RATIO',
    code: 'limit.decompression_ratio',
    what: 'decompression ratio',
  },
  maxZipEntries: { env: 'ATLAS_MAX_ZIP_ENTRIES', code: 'limit.zip_entries', what: 'number of zip entries' },
  maxAttachmentBytes: {
    env: 'ATLAS_MAX_ATTACHMENT_BYTES',
    code: 'limit.attachment_bytes',
    what: 'e-mail attachment size',
  },
  maxRecordsPerReport: {
    env: 'ATLAS_MAX_RECORDS_PER_REPORT',
    code: 'limit.records',
    what: 'number of records in one report',
  },
  maxNesting: { env: 'ATLAS_MAX_NESTING', code: 'limit.nesting', what: 'mail/archive nesting depth' },
};

export const DEFAULT_LIMITS: Limits = {
  maxFileBytes: 256 * MIB,
  maxDecompressedBytes: 1 * GIB,
  maxDecompressionRatio: 1000,
  maxZipEntries: 100,
  maxAttachmentBytes: 100 * MIB,
  maxRecordsPerReport: 5_000_000,
  maxNesting: 5,
  streamThresholdBytes: 4 * MIB,
};

export class LimitError extends IngestError {
  readonly limit: LimitName;
  readonly env: string;

  constructor(limit: LimitName, max: number, detail: string) {
    const info = LIMIT_INFO[limit];
    super(
      info.code,
      `${detail} — ${info.what} is limited to ${formatLimit(limit, max)} by ${info.env}; ` +
        `raise ${info.env} if this input is genuine.`,
    );
    this.name = 'LimitError';
    this.limit = limit;
    this.env = info.env;
  }
}

function formatLimit(limit: LimitName, value: number): string {
  const isBytes = limit === 'maxFileBytes' || limit === 'maxDecompressedBytes' || limit === 'maxAttachmentBytes';
  return isBytes ? formatBytes(value) : value.toLocaleString('en-US');
}

export function formatBytes(n: number): string {
  if (n >= GIB && n % GIB === 0) return `${n / GIB} GiB`;
  if (n >= MIB && n % MIB === 0) return `${n / MIB} MiB`;
  if (n >= KIB && n % KIB === 0) return `${n / KIB} KiB`;
  return `${n.toLocaleString('en-US')} bytes`;
}

const UNITS: Record<string, number> = {
  '': 1, b: 1, k: KIB, kb: 1000, kib: KIB, m: MIB, mb: 1000 ** 2, mib: MIB, g: GIB, gb: 1000 ** 3, gib: GIB,
};

/** Byte sizes accept a unit ("256MiB", "1 GB") because operators write them that way. */
const ZBytes = z.string().trim().transform((raw, ctx) => {
  const m = /^(\d+(?:\.\d+)?)\s*([a-z]*)$/i.exec(raw);
  const unit = m ? UNITS[m[2].toLowerCase()] : undefined;
  if (!m || unit === undefined) {
    ctx.addIssue({ code: 'custom', message: `expected a size such as 268435456, 256MiB or 1GB, got '${raw}'` });
    return z.NEVER;
  }
  const bytes = Math.floor(Number(m[1]) * unit);
  if (!Number.isSafeInteger(bytes) || bytes <= 0) {
    ctx.addIssue({ code: 'custom', message: `expected a positive size, got '${raw}'` });
    return z.NEVER;
  }
  return bytes;
});

const ZCount = z.string().trim().regex(/^\d+$/, 'expected a positive whole number').transform(Number)
  .refine((n) => Number.isSafeInteger(n) && n > 0, 'expected a positive whole number');

const optional = <T extends z.ZodType>(schema: T) => z.preprocess((v) => (v === '' ? undefined : v), schema.optional());

export const ZLimitsEnv = z.object({
  ATLAS_MAX_FILE_BYTES: optional(ZBytes),
  ATLAS_MAX_DECOMPRESSED_BYTES: optional(ZBytes),
  ATLAS_MAX_DECOMPRESSION_RATIO: optional(ZCount),
  ATLAS_MAX_ZIP_ENTRIES: optional(ZCount),
  ATLAS_MAX_ATTACHMENT_BYTES: optional(ZBytes),
  ATLAS_MAX_RECORDS_PER_REPORT: optional(ZCount),
  ATLAS_MAX_NESTING: optional(ZCount),
  ATLAS_STREAM_THRESHOLD_BYTES: optional(ZBytes),
});

/** Reads the limits from the environment; an invalid value is a configuration error naming the variable. */
export function loadLimits(env: Record<string, string | undefined> = process.env): Limits {
  const parsed = ZLimitsEnv.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new IngestError('config.invalid', `Invalid limit in the environment — ${problems}. Fix or unset the variable.`);
  }
  const e = parsed.data;
  return {
    maxFileBytes: e.ATLAS_MAX_FILE_BYTES ?? DEFAULT_LIMITS.maxFileBytes,
    maxDecompressedBytes: e.ATLAS_MAX_DECOMPRESSED_BYTES ?? DEFAULT_LIMITS.maxDecompressedBytes,
    maxDecompressionRatio: e.ATLAS_MAX_DECOMPRESSION_RATIO ?? DEFAULT_LIMITS.maxDecompressionRatio,
    maxZipEntries: e.ATLAS_MAX_ZIP_ENTRIES ?? DEFAULT_LIMITS.maxZipEntries,
    maxAttachmentBytes: e.ATLAS_MAX_ATTACHMENT_BYTES ?? DEFAULT_LIMITS.maxAttachmentBytes,
    maxRecordsPerReport: e.ATLAS_MAX_RECORDS_PER_REPORT ?? DEFAULT_LIMITS.maxRecordsPerReport,
    maxNesting: e.ATLAS_MAX_NESTING ?? DEFAULT_LIMITS.maxNesting,
    streamThresholdBytes: e.ATLAS_STREAM_THRESHOLD_BYTES ?? DEFAULT_LIMITS.streamThresholdBytes,
  };
}
