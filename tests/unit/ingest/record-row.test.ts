import { describe, expect, it } from 'vitest';
import type { TRecord } from '../../../lib/ingest/parse/schema';
import { CopyWriter } from '../../../lib/ingest/store/copy-writer';
import { writeRecordContent } from '../../../lib/ingest/store/record-row';

// The COPY row of a record is written byte by byte for speed (record-row.ts, copy-writer.ts).
// It must be exactly what the plain, slow way gives: COPY text escaping of each column and
// JSON.stringify of the auth results and reasons — for any text a report may hold.

const copyText = (s: string | null) => (s === null ? '\\N' : s.replace(/[\\\t\n\r]/g, (c) => ({ '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' })[c] as string));

function reference(r: TRecord): string {
  const ip = r.source_ip_valid ? `${r.source_ip}\t\\N` : `\\N\t${copyText(r.source_ip === '' ? null : r.source_ip)}`;
  const json = (v: unknown) => copyText(JSON.stringify(v));
  return [
    ip, r.count.toString(), copyText(r.disposition ?? ''), copyText(r.policy_dkim ?? ''), copyText(r.policy_spf ?? ''),
    json(r.reasons.map((x) => ({ type: x.type, comment: x.comment }))),
    copyText(r.header_from ?? ''), copyText(r.envelope_from), copyText(r.envelope_to),
    json(r.dkim.map((x) => ({ domain: x.domain, selector: x.selector, result: x.result, human_result: x.human_result }))),
    json(r.spf.map((x) => ({ domain: x.domain, scope: x.scope, result: x.result, human_result: x.human_result }))),
  ].map((c) => `${c}\t`).join('');
}

/** Seeded: the same strings every run. */
function strings(seed: number) {
  const alphabet = ['a', 'b', '.', ' ', '"', '\\', '\t', '\n', '\r', '\u0001', '\u001f', 'é', '–', '✓', '😀', '\u007f', '/', '<'];
  let state = seed;
  const next = () => (state = (state * 1103515245 + 12345) & 0x7fffffff);
  const text = (): string => Array.from({ length: next() % 12 }, () => alphabet[next() % alphabet.length]).join('');
  const maybe = (): string | null => (next() % 4 === 0 ? null : text());
  return { text, maybe, pick: (n: number) => next() % n };
}

describe('the COPY row of a record', () => {
  it('is what plain COPY escaping and JSON.stringify give, for any text in any field', () => {
    const s = strings(7);
    for (let i = 0; i < 2_000; i++) {
      const valid = s.pick(3) === 0;
      const record: TRecord = {
        source_ip: valid ? '192.0.2.1' : s.text(), source_ip_valid: valid, count: BigInt(s.pick(1_000_000)),
        disposition: s.maybe(), policy_dkim: s.maybe(), policy_spf: s.maybe(),
        reasons: Array.from({ length: s.pick(3) }, () => ({ type: s.maybe(), comment: s.maybe() })),
        header_from: s.maybe(), envelope_from: s.maybe(), envelope_to: s.maybe(),
        dkim: Array.from({ length: s.pick(3) }, () => ({ domain: s.maybe(), selector: s.maybe(), result: s.maybe(), human_result: s.maybe() })),
        spf: Array.from({ length: s.pick(3) }, () => ({ domain: s.maybe(), scope: s.maybe(), result: s.maybe(), human_result: s.maybe() })),
      };
      const w = new CopyWriter(8);
      writeRecordContent(w, record, i + 1);
      expect(w.take().toString('utf8')).toBe(reference(record));
    }
  });
});
