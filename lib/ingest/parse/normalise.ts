import { IngestError } from '@/lib/ingest/errors';
import { canonicalIp } from '@/lib/platform/net';
import { MAX_COUNT, type TDkimAuth, type TReason, type TRecord, type TReportHeader, type TSpfAuth } from './schema';
import type { Warnings } from './warnings';

/**
 * Both parse paths first collect the raw text of the elements they know (undefined = absent,
 * "" = present but empty, no trimming yet) and then share these functions, so the normalised
 * report cannot depend on the path taken.
 */

/**
 * Nested results use null for "absent" and already have the normalised shape, so they are
 * normalised in place: a record has a few of them and allocating a second copy of each
 * shows up in the streaming parser's profile.
 */
export type RawDkim = TDkimAuth;
export type RawSpf = TSpfAuth;
export type RawReason = TReason;

export const newRawDkim = (): RawDkim => ({ domain: null, selector: null, result: null, human_result: null });
export const newRawSpf = (): RawSpf => ({ domain: null, scope: null, result: null, human_result: null });
export const newRawReason = (): RawReason => ({ type: null, comment: null });

export interface RawRecord {
  source_ip?: string;
  count?: string;
  disposition?: string;
  dkim?: string;
  spf?: string;
  reasons: RawReason[];
  header_from?: string;
  envelope_from?: string;
  envelope_to?: string;
  dkim_results: RawDkim[];
  spf_results: RawSpf[];
}

export function newRawRecord(): RawRecord {
  return {
    source_ip: undefined, count: undefined, disposition: undefined, dkim: undefined, spf: undefined,
    reasons: [], header_from: undefined, envelope_from: undefined, envelope_to: undefined,
    dkim_results: [], spf_results: [],
  };
}

export interface RawHeader {
  namespace: string | null;
  version?: string;
  hasMetadata: boolean;
  hasPolicy: boolean;
  org_name?: string;
  email?: string;
  extra_contact_info?: string;
  report_id?: string;
  begin?: string;
  end?: string;
  errors: string[];
  generator?: string;
  domain?: string;
  adkim?: string;
  aspf?: string;
  p?: string;
  sp?: string;
  pct?: string;
  np?: string;
  testing?: string;
  discovery_method?: string;
  fo?: string;
  extensions?: unknown;
}

export function newRawHeader(namespace: string | null): RawHeader {
  return { namespace, hasMetadata: false, hasPolicy: false, errors: [] };
}

/** Leaf elements read in each header container, in schema order. */
export const METADATA_FIELDS = ['org_name', 'email', 'extra_contact_info', 'report_id', 'generator'] as const;
export const POLICY_FIELDS = ['domain', 'adkim', 'aspf', 'p', 'sp', 'pct', 'np', 'testing', 'discovery_method', 'fo'] as const;

export function duplicateWarning(path: string): string {
  return `duplicate <${path}>: the first one is used`;
}

const POLICIES = new Set(['none', 'quarantine', 'reject']);
const ALIGNMENT = new Set(['r', 's']);
const TESTING = new Set(['y', 'n']);
const DISCOVERY = new Set(['psl', 'treewalk']);
const VERDICTS = new Set(['pass', 'fail']);
const REASONS = new Set(['forwarded', 'sampled_out', 'trusted_forwarder', 'mailing_list', 'local_policy', 'other', 'policy_test_mode']);
const DKIM_RESULTS = new Set(['none', 'pass', 'fail', 'policy', 'neutral', 'temperror', 'permerror']);
const SPF_RESULTS = new Set(['none', 'neutral', 'pass', 'fail', 'softfail', 'temperror', 'permerror']);
const SPF_SCOPES = new Set(['helo', 'mfrom']);

function trimmed(v: string | null | undefined): string | null {
  return v == null ? null : v.trim();
}

function malformed(code: string, message: string): IngestError {
  return new IngestError(code, `Malformed report: ${message}.`);
}

function unixSeconds(raw: string | undefined, path: string): number {
  if (raw === undefined) throw malformed('report.field_missing', `<${path}> is missing`);
  const t = raw.trim();
  const n = /^\d+$/.test(t) ? Number(t) : NaN;
  if (!Number.isSafeInteger(n)) throw malformed('report.date_invalid', `<${path}> is ${JSON.stringify(t)}, not a Unix time in whole seconds`);
  return n;
}

function checkPolicyValue(value: string | null, allowed: Set<string>, path: string, w: Warnings): void {
  if (value !== null && !allowed.has(value.toLowerCase())) w.add(`unknown value ${JSON.stringify(value)} in <${path}>`);
}

export function normaliseHeader(raw: RawHeader, w: Warnings): TReportHeader {
  if (!raw.hasMetadata) throw malformed('report.field_missing', '<report_metadata> is missing');
  if (!raw.hasPolicy) throw malformed('report.field_missing', '<policy_published> is missing');
  const reportId = trimmed(raw.report_id);
  if (!reportId) throw malformed('report.field_missing', '<report_metadata/report_id> is missing or empty');
  const domain = trimmed(raw.domain);
  if (!domain) throw malformed('report.field_missing', '<policy_published/domain> is missing or empty');
  const begin = unixSeconds(raw.begin, 'report_metadata/date_range/begin');
  const end = unixSeconds(raw.end, 'report_metadata/date_range/end');
  if (begin > end) w.add('date_range begin is after end');
  const orgName = trimmed(raw.org_name);
  if (orgName === null) w.add('<report_metadata/org_name> is missing');

  const policy = {
    domain,
    adkim: trimmed(raw.adkim),
    aspf: trimmed(raw.aspf),
    p: trimmed(raw.p),
    sp: trimmed(raw.sp),
    pct: trimmed(raw.pct),
    np: trimmed(raw.np),
    testing: trimmed(raw.testing),
    discovery_method: trimmed(raw.discovery_method),
    fo: trimmed(raw.fo),
  };
  checkPolicyValue(policy.adkim, ALIGNMENT, 'policy_published/adkim', w);
  checkPolicyValue(policy.aspf, ALIGNMENT, 'policy_published/aspf', w);
  checkPolicyValue(policy.p, POLICIES, 'policy_published/p', w);
  checkPolicyValue(policy.sp, POLICIES, 'policy_published/sp', w);
  checkPolicyValue(policy.np, POLICIES, 'policy_published/np', w);
  checkPolicyValue(policy.testing, TESTING, 'policy_published/testing', w);
  checkPolicyValue(policy.discovery_method, DISCOVERY, 'policy_published/discovery_method', w);
  if (policy.pct !== null && !/^(100|[1-9]?\d)$/.test(policy.pct)) w.add(`unknown value ${JSON.stringify(policy.pct)} in <policy_published/pct>`);

  return {
    namespace: raw.namespace,
    version: trimmed(raw.version),
    metadata: {
      org_name: orgName,
      email: trimmed(raw.email),
      extra_contact_info: trimmed(raw.extra_contact_info),
      report_id: reportId,
      begin,
      end,
      errors: raw.errors.map((e) => e.trim()),
      generator: trimmed(raw.generator),
    },
    policy_published: policy,
    extensions: raw.extensions === undefined ? null : normaliseJson(raw.extensions),
  };
}

type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

/** Extension content from either parser, in one form: strings trimmed, whitespace-only text dropped. */
export function normaliseJson(value: unknown): Json {
  if (typeof value === 'string') return value.trim();
  if (Array.isArray(value)) return value.map(normaliseJson);
  if (value && typeof value === 'object') {
    const out: { [key: string]: Json } = {};
    for (const [k, v] of Object.entries(value)) {
      if (k === '#text' && typeof v === 'string' && v.trim() === '') continue;
      out[k] = normaliseJson(v);
    }
    const keys = Object.keys(out);
    if (keys.length === 0) return '';
    if (keys.length === 1 && keys[0] === '#text') return out['#text'];
    return out;
  }
  return null;
}

function lowerTrim(v: string | null | undefined): string | null {
  return v == null ? null : v.trim().toLowerCase();
}

function enumValue(v: string | null | undefined, allowed: Set<string>, path: string, w: Warnings, index: number): string | null {
  if (v == null) return null;
  // Almost every value is already clean: skip the trim/lower-case allocations then.
  if (allowed.has(v)) return v;
  const value = v.trim().toLowerCase();
  if (!allowed.has(value)) w.add(value === '' ? `empty <${path}>` : `unknown value ${JSON.stringify(value)} in <${path}>`, index);
  return value;
}

/** Digits only, at most 20 of them (2^64 - 1 has 20): checked by hand because it runs per record. */
export function parseCount(raw: string | undefined, index: number): bigint {
  if (raw === undefined) throw malformed('report.count_invalid', `record ${index}: <row/count> is missing`);
  const t = raw.trim();
  let ok = t.length > 0 && t.length <= 20;
  for (let i = 0; ok && i < t.length; i++) {
    const c = t.charCodeAt(i);
    ok = c >= 0x30 && c <= 0x39;
  }
  const count = ok ? BigInt(t) : -1n;
  if (count < 0n || count > MAX_COUNT) {
    throw malformed('report.count_invalid', `record ${index}: <row/count> is ${JSON.stringify(t)}, not a non-negative integer that fits in 64 bits`);
  }
  return count;
}

/** A record with every field present, for normaliseRecord to fill. */
export function emptyRecord(): TRecord {
  return {
    source_ip: '', source_ip_valid: false, count: 0n, disposition: null, policy_dkim: null, policy_spf: null, reasons: [],
    header_from: null, envelope_from: null, envelope_to: null, dkim: [], spf: [],
  };
}

/**
 * The normalised record, into a new object or into `into` (the lean streaming encoder reuses
 * one object for every record and writes each out as COPY bytes at once). The reasons and
 * DKIM/SPF results are normalised in place and taken over, not copied.
 */
export function normaliseRecord(r: RawRecord, index: number, w: Warnings, into?: TRecord): TRecord {
  const count = parseCount(r.count, index);
  let ip = '';
  let ipValid = false;
  if (r.source_ip === undefined) {
    w.add('<row/source_ip> is missing', index);
  } else {
    ip = r.source_ip.trim();
    const canonical = canonicalIp(ip);
    if (canonical !== null) {
      ip = canonical;
      ipValid = true;
    } else {
      w.add(ip === '' ? 'empty <row/source_ip>' : `source_ip ${JSON.stringify(ip)} is not an IP address; kept as text`, index);
    }
  }
  if (r.disposition === undefined && r.dkim === undefined && r.spf === undefined) {
    w.add('<row/policy_evaluated> is missing or empty', index);
  }
  for (const reason of r.reasons) {
    if (reason.type === null && reason.comment === null) w.add('empty <policy_evaluated/reason>', index);
    reason.type = enumValue(reason.type, REASONS, 'policy_evaluated/reason/type', w, index);
    reason.comment = trimmed(reason.comment);
  }
  for (const d of r.dkim_results) {
    d.domain = lowerTrim(d.domain);
    d.selector = trimmed(d.selector);
    d.result = enumValue(d.result, DKIM_RESULTS, 'auth_results/dkim/result', w, index);
    d.human_result = trimmed(d.human_result);
  }
  for (const sp of r.spf_results) {
    sp.domain = lowerTrim(sp.domain);
    sp.scope = enumValue(sp.scope, SPF_SCOPES, 'auth_results/spf/scope', w, index);
    sp.result = enumValue(sp.result, SPF_RESULTS, 'auth_results/spf/result', w, index);
    sp.human_result = trimmed(sp.human_result);
  }
  if (r.header_from === undefined) w.add('<identifiers/header_from> is missing', index);
  const out = into ?? emptyRecord();
  out.source_ip = ip;
  out.source_ip_valid = ipValid;
  out.count = count;
  out.disposition = enumValue(r.disposition, POLICIES, 'policy_evaluated/disposition', w, index);
  out.policy_dkim = enumValue(r.dkim, VERDICTS, 'policy_evaluated/dkim', w, index);
  out.policy_spf = enumValue(r.spf, VERDICTS, 'policy_evaluated/spf', w, index);
  out.reasons = r.reasons;
  out.header_from = lowerTrim(r.header_from);
  out.envelope_from = lowerTrim(r.envelope_from);
  out.envelope_to = lowerTrim(r.envelope_to);
  out.dkim = r.dkim_results;
  out.spf = r.spf_results;
  return out;
}
