import { LimitError, formatBytes, type Limits } from '@/lib/ingest/limits';

/** Decompressed bytes produced so far for one input, shared by every layer inside it. */
export interface DecompressionBudget {
  used: number;
}

export function newBudget(): DecompressionBudget {
  return { used: 0 };
}

/**
 * Counts bytes as an inflater produces them and throws as soon as a limit is crossed, so a
 * bomb is stopped after at most one output chunk beyond the limit instead of after it has
 * filled the memory.
 */
export class InflateGuard {
  private produced = 0;
  private readonly maxByRatio: number;

  constructor(
    private readonly limits: Limits,
    private readonly budget: DecompressionBudget,
    compressedBytes: number,
    private readonly label: string,
  ) {
    this.maxByRatio = limits.maxDecompressionRatio * Math.max(compressedBytes, 1);
  }

  get bytes(): number {
    return this.produced;
  }

  add(n: number): void {
    this.produced += n;
    this.budget.used += n;
    if (this.budget.used > this.limits.maxDecompressedBytes) {
      throw new LimitError(
        'maxDecompressedBytes',
        this.limits.maxDecompressedBytes,
        `${this.label} decompresses to more than ${formatBytes(this.limits.maxDecompressedBytes)}`,
      );
    }
    if (this.produced > this.maxByRatio) {
      throw new LimitError(
        'maxDecompressionRatio',
        this.limits.maxDecompressionRatio,
        `${this.label} expands more than ${this.limits.maxDecompressionRatio} times its compressed size (a compression bomb?)`,
      );
    }
  }
}
