import { newRawDkim, newRawReason, newRawRecord, newRawSpf, type RawDkim, type RawReason, type RawRecord, type RawSpf } from './normalise';

/** Where the streaming parser's element handler gets the objects a record is read into. */
export interface RawRecordSource {
  /** An empty record for the next <record>. */
  record(): RawRecord;
  dkim(): RawDkim;
  spf(): RawSpf;
  reason(): RawReason;
}

/** New objects for every record: for parsers that keep the records (TRecord reuses them). */
export const FRESH_RECORDS: RawRecordSource = { record: newRawRecord, dkim: newRawDkim, spf: newRawSpf, reason: newRawReason };

/**
 * One record's objects, reused for every record: for the lean encoder, which writes a record
 * out as COPY bytes as soon as it is closed and keeps nothing of it. Millions of records then
 * allocate no objects at all.
 */
export class RecordPool implements RawRecordSource {
  private readonly current = newRawRecord();
  private readonly dkims: RawDkim[] = [];
  private readonly spfs: RawSpf[] = [];
  private readonly reasons: RawReason[] = [];

  record(): RawRecord {
    const r = this.current;
    r.source_ip = r.count = r.disposition = r.dkim = r.spf = r.header_from = r.envelope_from = r.envelope_to = undefined;
    r.reasons.length = 0;
    r.dkim_results.length = 0;
    r.spf_results.length = 0;
    return r;
  }

  dkim(): RawDkim {
    const d = (this.dkims[this.current.dkim_results.length] ??= newRawDkim());
    d.domain = d.selector = d.result = d.human_result = null;
    return d;
  }

  spf(): RawSpf {
    const s = (this.spfs[this.current.spf_results.length] ??= newRawSpf());
    s.domain = s.scope = s.result = s.human_result = null;
    return s;
  }

  reason(): RawReason {
    const r = (this.reasons[this.current.reasons.length] ??= newRawReason());
    r.type = r.comment = null;
    return r;
  }
}
