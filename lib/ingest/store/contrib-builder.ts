import type { TRecord } from '@/lib/ingest/parse/schema';
import { ipv4ToNumber, ipv6Groups } from '@/lib/platform/net';
import { CopyWriter } from './copy-writer';

/** rollup_contrib's columns in the order ContribBuilder writes its rows. */
export const CONTRIB_COLUMNS = [
  'source_ip', 'header_from', 'disposition', 'dkim_aligned', 'spf_aligned', 'dkim_domain', 'dkim_result', 'spf_domain',
  'spf_result', 'override_reason', 'messages', 'report_id', 'domain_id', 'day', 'org_name',
] as const;

/** Where a one-day report's contribution goes. */
export interface ContribTarget {
  reportRowId: bigint;
  domainId: number;
  orgName: string;
  /** YYYY-MM-DD: the one day its messages count on. */
  day: string;
}

/** A contribution's domain_daily figures (what rollup.ts's dailySums computes in SQL). */
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

/** Binary COPY: the signature, no flags, no header extension; and the trailer after the last row. */
const COPY_HEADER = Buffer.from([...Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1'), 0, 0, 0, 0, 0, 0, 0, 0]);
const COPY_TRAILER = Buffer.from([0xff, 0xff]);
/** inet's binary form: family (PGSQL_AF_INET 2, PGSQL_AF_INET6 3), prefix bits, is_cidr, address bytes. */
const INET4 = [2, 32, 0, 4];
const INET6 = [3, 128, 0, 16];
/** The 0.0.0.0 rollups keep for records whose source_ip is not an address. */
const NO_ADDRESS = Buffer.from([0, 0, 0, 8, ...INET4, 0, 0, 0, 0]);
const POSTGRES_EPOCH_DAYS = Date.UTC(2000, 0, 1) / 86_400_000;

/**
 * A large one-day report's rollup contribution, written as binary COPY rows for rollup_contrib
 * while its records are written: one row per record within the policy domain with messages,
 * holding exactly the dimensions ROLLUP_DIMENSIONS computes in SQL from the stored record —
 * source_ip (0.0.0.0 when it is not an IP address), header_from and disposition ('' when
 * absent), the aligned DKIM and SPF verdicts, the first DKIM result's domain and result, the
 * first SPF result's domain and result, the first reason's type ('' when absent) — and its count.
 *
 * Why not grouped first, as the rollup statement groups: readers and the compaction sum the
 * rows of rollup_contrib anyway, and grouping here cost more than it saved. Measured on the
 * bench's 500,000 records (382,584 groups): the rollup statement reading each batch back from
 * report_record took ~3.2 s of the Postgres core; grouping in a Map by string keys took ~1.8 s
 * of the Node core (keys, hashing, garbage); these rows cost ~0.3 s here and ~1.9 s to COPY.
 * Why binary: Postgres reads it ~15-20 % faster than text (no text parsing of inet, date,
 * booleans and numbers; measured on those 382,584 rows, 0.91-1.06 s against 1.19-1.22 s).
 * tests/integration/ingest/stream.test.ts compares the result with the rollup recomputed in
 * SQL from the stored records.
 */
export class ContribBuilder {
  private readonly w = new CopyWriter();
  private suffix: Buffer | null = null;
  /** The rows since the last take start with the COPY header. */
  private headed = false;
  private readonly small = new Array<number>(FIGURES).fill(0);
  private readonly big = new Array<bigint>(FIGURES).fill(0n);

  /** Rows are complete once the target is known; rows written before wait (see `pending`). */
  configure(target: ContribTarget): void {
    const s = new CopyWriter(256);
    s.int32(8);
    s.int64(target.reportRowId);
    s.int32(4);
    s.int32(target.domainId);
    s.int32(4);
    s.int32(Date.parse(`${target.day}T00:00:00Z`) / 86_400_000 - POSTGRES_EPOCH_DAYS);
    s.utf8Field(target.orgName);
    this.suffix = s.take();
  }

  get pos(): number {
    return this.w.pos;
  }

  /** What of a record decides its domain_daily figures: the aligned verdicts and the disposition. */
  static flags(r: TRecord): number {
    return (r.policy_dkim === 'pass' ? DKIM_ALIGNED : 0) | (r.policy_spf === 'pass' ? SPF_ALIGNED : 0)
      | (r.disposition === 'quarantine' ? IS_QUARANTINE : r.disposition === 'reject' ? IS_REJECT : 0);
  }

  /** Adds a record within the policy domain: its figures and its row. */
  add(r: TRecord): void {
    const flags = ContribBuilder.flags(r);
    this.addFigures(r.count, flags);
    this.row(r, flags);
  }

  /** Adds a record's figures (`flags` from ContribBuilder.flags). */
  addFigures(count: bigint, flags: number): void {
    this.figure(MESSAGES, count);
    if (flags & (DKIM_ALIGNED | SPF_ALIGNED)) this.figure(DMARC, count);
    if (flags & DKIM_ALIGNED) this.figure(DKIM, count);
    if (flags & SPF_ALIGNED) this.figure(SPF, count);
    if (flags & IS_QUARANTINE) this.figure(QUARANTINED, count);
    else if (flags & IS_REJECT) this.figure(REJECTED, count);
  }

  /**
   * Writes a record's row, unless it has no messages (the rollup keeps no group without:
   * `WHERE messages > 0`). Before `configure` it lacks the target's columns (see `keep`).
   */
  row(r: TRecord, flags: number): void {
    if (r.count === 0n) return;
    const w = this.w;
    if (this.suffix) this.head();
    const dkim = r.dkim[0];
    const spf = r.spf[0];
    w.int16(CONTRIB_COLUMNS.length);
    writeInet(w, r);
    w.utf8Field(r.header_from ?? '');
    w.utf8Field(r.disposition ?? '');
    w.int32(1);
    w.byte(flags & DKIM_ALIGNED ? 1 : 0);
    w.int32(1);
    w.byte(flags & SPF_ALIGNED ? 1 : 0);
    w.utf8Field(dkim?.domain ?? '');
    w.utf8Field(dkim?.result ?? '');
    w.utf8Field(spf?.domain ?? '');
    w.utf8Field(spf?.result ?? '');
    w.utf8Field(r.reasons[0]?.type ?? '');
    w.int32(8);
    w.int64(r.count);
    if (this.suffix) w.bytes(this.suffix);
  }

  /** The rows written before `configure` (without their target columns), handed over to be kept or dropped by `keep`. */
  takePending(): Buffer {
    return this.w.take();
  }

  /** A row written before `configure`: its bytes from takePending, now with the target columns. */
  keep(row: Uint8Array): void {
    this.head();
    this.w.bytes(row);
    this.w.bytes(this.suffix as Buffer);
  }

  /** The rows written since the last call, as a whole binary COPY (empty when there are none). */
  take(): Buffer {
    if (!this.headed) return Buffer.alloc(0);
    this.w.bytes(COPY_TRAILER);
    this.headed = false;
    return this.w.take();
  }

  private head(): void {
    if (this.headed) return;
    this.w.bytes(COPY_HEADER);
    this.headed = true;
  }

  /** The domain_daily figures of every record added. */
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

/** source_ip as a binary inet field: the canonical address, or 0.0.0.0 when the record has none. */
function writeInet(w: CopyWriter, r: TRecord): void {
  if (!r.source_ip_valid) return w.bytes(NO_ADDRESS);
  const ip = r.source_ip;
  if (ip.indexOf(':') === -1) {
    w.int32(8);
    for (const b of INET4) w.byte(b);
    const n = ipv4ToNumber(ip);
    w.int32(n | 0);
    return;
  }
  const groups = ipv6Groups(ip);
  if (!groups) throw new Error(`not a canonical IPv6 address: ${ip}`);
  w.int32(20);
  for (const b of INET6) w.byte(b);
  for (const g of groups) w.int16(g << 16 >> 16);
}
