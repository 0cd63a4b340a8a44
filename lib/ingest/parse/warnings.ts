/**
 * Collects the oddities found while normalising a report (unknown enum values, repairs,
 * duplicates). The same oddity in many records is reported once with a count, and the
 * number of distinct warnings is capped, so a 5-million-record report full of junk values
 * cannot grow an unbounded list. Output is sorted so both parse paths give identical lists.
 */
export class Warnings {
  private readonly byKey = new Map<string, { first: number; last: number; count: number }>();
  private dropped = 0;

  constructor(private readonly maxDistinct = 200) {}

  /** `record` is the 1-based record number, or 0 for the report header. */
  add(message: string, record = 0): void {
    const seen = this.byKey.get(message);
    if (seen) {
      // Counted once per record: a record repeating an element three times is one record.
      if (seen.last !== record || record === 0) seen.count++;
      seen.last = record;
      return;
    }
    if (this.byKey.size >= this.maxDistinct) {
      this.dropped++;
      return;
    }
    this.byKey.set(message, { first: record, last: record, count: 1 });
  }

  list(): string[] {
    const out: string[] = [];
    for (const [message, { first, count }] of this.byKey) {
      if (first === 0) out.push(message);
      else if (count === 1) out.push(`record ${first}: ${message}`);
      else out.push(`records ${first} and ${count - 1} more: ${message}`);
    }
    out.sort();
    if (this.dropped > 0) out.push(`${this.dropped} further warnings not listed`);
    return out;
  }
}
