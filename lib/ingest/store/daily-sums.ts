import type { TRecord } from '@/lib/ingest/parse/schema';

/** A one-day report's domain_daily figures (what rollup.ts's dailySums computes in SQL). */
export interface DailyFigures {
  messages: bigint;
  dmarcPass: bigint;
  dkimPass: bigint;
  spfPass: bigint;
  quarantined: bigint;
  rejected: bigint;
}

/** Counts up to this are summed as numbers, which stay exact (far below 2^53); the sums move to bigint past it. */
const SMALL = 2 ** 32;
const FIGURES = 6;
const [MESSAGES, DMARC, DKIM, SPF, QUARANTINED, REJECTED] = [0, 1, 2, 3, 4, 5];
const [DKIM_ALIGNED, SPF_ALIGNED, IS_QUARANTINE, IS_REJECT] = [1, 2, 4, 8];

/**
 * A large one-day report's domain_daily figures, summed while its records stream by: the
 * records within the policy domain, as rollup.ts's dailySums sums the report's contribution
 * in SQL. With them the report is stored pending (rollup_pending): its contribution is left
 * to compaction, and its per-day totals need not wait for it.
 */
export class DailySums {
  private readonly small = new Array<number>(FIGURES).fill(0);
  private readonly big = new Array<bigint>(FIGURES).fill(0n);

  /** What of a record decides its figures: the aligned verdicts and the disposition. */
  static flags(r: TRecord): number {
    return (r.policy_dkim === 'pass' ? DKIM_ALIGNED : 0) | (r.policy_spf === 'pass' ? SPF_ALIGNED : 0)
      | (r.disposition === 'quarantine' ? IS_QUARANTINE : r.disposition === 'reject' ? IS_REJECT : 0);
  }

  /** Adds a record within the policy domain. */
  add(r: TRecord): void {
    this.addFigures(r.count, DailySums.flags(r));
  }

  /** Adds a record's figures (`flags` from DailySums.flags). */
  addFigures(count: bigint, flags: number): void {
    this.figure(MESSAGES, count);
    if (flags & (DKIM_ALIGNED | SPF_ALIGNED)) this.figure(DMARC, count);
    if (flags & DKIM_ALIGNED) this.figure(DKIM, count);
    if (flags & SPF_ALIGNED) this.figure(SPF, count);
    if (flags & IS_QUARANTINE) this.figure(QUARANTINED, count);
    else if (flags & IS_REJECT) this.figure(REJECTED, count);
  }

  /** The figures of every record added. */
  daily(): DailyFigures {
    const f = (i: number) => this.big[i] + BigInt(this.small[i]);
    return { messages: f(MESSAGES), dmarcPass: f(DMARC), dkimPass: f(DKIM), spfPass: f(SPF), quarantined: f(QUARANTINED), rejected: f(REJECTED) };
  }

  private figure(i: number, count: bigint): void {
    if (count > SMALL) {
      this.big[i] += count;
      return;
    }
    const s = this.small[i] + Number(count);
    if (s > SMALL) {
      this.big[i] += BigInt(s);
      this.small[i] = 0;
    } else {
      this.small[i] = s;
    }
  }
}
