import { IngestError } from '@/lib/ingest/errors';
import { canonicalIp } from '@/lib/platform/net';
import { MAX_COUNT, type TDkimAuth, type TReason, type TRecord, type TReportHeader, type TSpfAuth } from './schema';
import { authPath, evaluatedPath, identifierPath, metadataPath, policyPath, reasonPath, rowPath } from './paths';
import { capField, capRepeats, checkKeyField } from './report-caps';
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

/** The values a record's enumerated fields take without a warning (lower case); plain-record.ts reads them too. */
export const RECORD_VALUES = {
  disposition: ['none', 'quarantine', 'reject'],
  verdict: ['pass', 'fail'],
  reason: ['forwarded', 'sampled_out', 'trusted_forwarder', 'mailing_list', 'local_policy', 'other', 'policy_test_mode'],
  dkimResult: ['none', 'pass', 'fail', 'policy', 'neutral', 'temperror', 'permerror'],
  spfResult: ['none', 'neutral', 'pass', 'fail', 'softfail', 'temperror', 'permerror'],
  spfScope: ['helo', 'mfrom'],
} as const;

const POLICIES = new Set<string>(RECORD_VALUES.disposition);
const ALIGNMENT = new Set(['r', 's']);
const TESTING = new Set(['y', 'n']);
const DISCOVERY = new Set(['psl', 'treewalk']);
const VERDICTS = new Set<string>(RECORD_VALUES.verdict);
const REASONS = new Set<string>(RECORD_VALUES.reason);
const DKIM_RESULTS = new Set<string>(RECORD_VALUES.dkimResult);
const SPF_RESULTS = new Set<string>(RECORD_VALUES.spfResult);
const SPF_SCOPES = new Set<string>(RECORD_VALUES.spfScope);

function trimmed(v: string | null | undefined): string | null {
  return v == null ? null : v.trim();
}

/** Trimmed and cut to MAX_FIELD_CHARS: every string stored from a report goes through this or lowerTrim. */
function field(v: string | null | undefined, path: string, w: Warnings, record = 0): string | null {
  return v == null ? null : capField(v.trim(), path, w, record);
}

/** A value quoted in a warning: warnings are shown to people, so a long value is shortened. */
function quoted(v: string): string {
  return JSON.stringify(v.length > 80 ? `${v.slice(0, 80)}…` : v);
}

function malformed(code: string, message: string): IngestError {
  return new IngestError(code, `Malformed report: ${message}.`);
}

function unixSeconds(raw: string | undefined, path: string): number {
  if (raw === undefined) throw malformed('report.field_missing', `<${path}> is missing`);
  const t = raw.trim();
  const n = /^\d+$/.test(t) ? Number(t) : NaN;
  if (!Number.isSafeInteger(n)) throw malformed('report.date_invalid', `<${path}> is ${quoted(t)}, not a Unix time in whole seconds`);
  return n;
}

function checkPolicyValue(value: string | null, allowed: Set<string>, path: string, w: Warnings): void {
  if (value !== null && !allowed.has(value.toLowerCase())) w.add(`unknown value ${quoted(value)} in <${path}>`);
}

export function normaliseHeader(raw: RawHeader, w: Warnings): TReportHeader {
  if (!raw.hasMetadata) throw malformed('report.field_missing', '<report_metadata> is missing');
  if (!raw.hasPolicy) throw malformed('report.field_missing', '<policy_published> is missing');
  const reportId = trimmed(raw.report_id);
  if (!reportId) throw malformed('report.field_missing', '<report_metadata/report_id> is missing or empty');
  checkKeyField(reportId, metadataPath('report_id'));
  const domain = trimmed(raw.domain);
  if (!domain) throw malformed('report.field_missing', '<policy_published/domain> is missing or empty');
  checkKeyField(domain, policyPath('domain'));
  const begin = unixSeconds(raw.begin, 'report_metadata/date_range/begin');
  const end = unixSeconds(raw.end, 'report_metadata/date_range/end');
  if (begin > end) w.add('date_range begin is after end');
  const orgName = trimmed(raw.org_name);
  if (orgName === null) w.add('<report_metadata/org_name> is missing');
  else checkKeyField(orgName, metadataPath('org_name'));

  const pf = (f: (typeof POLICY_FIELDS)[number]) => field(raw[f], policyPath(f), w);
  const policy = {
    domain,
    adkim: pf('adkim'),
    aspf: pf('aspf'),
    p: pf('p'),
    sp: pf('sp'),
    pct: pf('pct'),
    np: pf('np'),
    testing: pf('testing'),
    discovery_method: pf('discovery_method'),
    fo: pf('fo'),
  };
  checkPolicyValue(policy.adkim, ALIGNMENT, 'policy_published/adkim', w);
  checkPolicyValue(policy.aspf, ALIGNMENT, 'policy_published/aspf', w);
  checkPolicyValue(policy.p, POLICIES, 'policy_published/p', w);
  checkPolicyValue(policy.sp, POLICIES, 'policy_published/sp', w);
  checkPolicyValue(policy.np, POLICIES, 'policy_published/np', w);
  checkPolicyValue(policy.testing, TESTING, 'policy_published/testing', w);
  checkPolicyValue(policy.discovery_method, DISCOVERY, 'policy_published/discovery_method', w);
  if (policy.pct !== null && !/^(100|[1-9]?\d)$/.test(policy.pct)) w.add(`unknown value ${quoted(policy.pct)} in <policy_published/pct>`);

  return {
    namespace: raw.namespace,
    version: field(raw.version, 'feedback/version', w),
    metadata: {
      org_name: orgName,
      email: field(raw.email, metadataPath('email'), w),
      extra_contact_info: field(raw.extra_contact_info, metadataPath('extra_contact_info'), w),
      report_id: reportId,
      begin,
      end,
      errors: capRepeats(raw.errors, metadataPath('error'), w).map((e) => capField(e.trim(), metadataPath('error'), w)),
      generator: field(raw.generator, metadataPath('generator'), w),
    },
    policy_published: policy,
    extensions: raw.extensions === undefined ? null : normaliseJson(raw.extensions, w),
  };
}

type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

/** Extension content from either parser, in one form: strings trimmed and capped, whitespace-only text dropped. */
export function normaliseJson(value: unknown, w: Warnings): Json {
  if (typeof value === 'string') return capField(value.trim(), 'feedback/extensions', w);
  if (Array.isArray(value)) return value.map((v) => normaliseJson(v, w));
  if (value && typeof value === 'object') {
    const out: { [key: string]: Json } = {};
    for (const [k, v] of Object.entries(value)) {
      if (k === '#text' && typeof v === 'string' && v.trim() === '') continue;
      out[capField(k, 'feedback/extensions', w)] = normaliseJson(v, w);
    }
    const keys = Object.keys(out);
    if (keys.length === 0) return '';
    if (keys.length === 1 && keys[0] === '#text') return out['#text'];
    return out;
  }
  return null;
}

function lowerTrim(v: string | null | undefined, path: string, w: Warnings, index: number): string | null {
  return v == null ? null : capField(v.trim().toLowerCase(), path, w, index);
}

function enumValue(v: string | null | undefined, allowed: Set<string>, path: string, w: Warnings, index: number): string | null {
  if (v == null) return null;
  // Almost every value is already clean: skip the trim/lower-case allocations then.
  if (allowed.has(v)) return v;
  const value = capField(v.trim().toLowerCase(), path, w, index);
  if (!allowed.has(value)) w.add(value === '' ? `empty <${path}>` : `unknown value ${quoted(value)} in <${path}>`, index);
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
    throw malformed('report.count_invalid', `record ${index}: <row/count> is ${quoted(t)}, not a non-negative integer that fits in 64 bits`);
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
      ip = capField(ip, PATH.sourceIp, w, index);
      w.add(ip === '' ? 'empty <row/source_ip>' : `source_ip ${quoted(ip)} is not an IP address; kept as text`, index);
    }
  }
  if (r.disposition === undefined && r.dkim === undefined && r.spf === undefined) {
    w.add('<row/policy_evaluated> is missing or empty', index);
  }
  const reasons = capRepeats(r.reasons, PATH.reason, w, index);
  for (const reason of reasons) {
    if (reason.type === null && reason.comment === null) w.add('empty <policy_evaluated/reason>', index);
    reason.type = enumValue(reason.type, REASONS, PATH.reasonType, w, index);
    reason.comment = field(reason.comment, PATH.reasonComment, w, index);
  }
  const dkim = capRepeats(r.dkim_results, PATH.dkim, w, index);
  for (const d of dkim) {
    d.domain = lowerTrim(d.domain, PATH.dkimDomain, w, index);
    d.selector = field(d.selector, PATH.dkimSelector, w, index);
    d.result = enumValue(d.result, DKIM_RESULTS, PATH.dkimResult, w, index);
    d.human_result = field(d.human_result, PATH.dkimHuman, w, index);
  }
  const spf = capRepeats(r.spf_results, PATH.spf, w, index);
  for (const sp of spf) {
    sp.domain = lowerTrim(sp.domain, PATH.spfDomain, w, index);
    sp.scope = enumValue(sp.scope, SPF_SCOPES, PATH.spfScope, w, index);
    sp.result = enumValue(sp.result, SPF_RESULTS, PATH.spfResult, w, index);
    sp.human_result = field(sp.human_result, PATH.spfHuman, w, index);
  }
  if (r.header_from === undefined) w.add('<identifiers/header_from> is missing', index);
  const out = into ?? emptyRecord();
  out.source_ip = ip;
  out.source_ip_valid = ipValid;
  out.count = count;
  out.disposition = enumValue(r.disposition, POLICIES, PATH.disposition, w, index);
  out.policy_dkim = enumValue(r.dkim, VERDICTS, PATH.policyDkim, w, index);
  out.policy_spf = enumValue(r.spf, VERDICTS, PATH.policySpf, w, index);
  out.reasons = reasons;
  out.header_from = lowerTrim(r.header_from, PATH.headerFrom, w, index);
  out.envelope_from = lowerTrim(r.envelope_from, PATH.envelopeFrom, w, index);
  out.envelope_to = lowerTrim(r.envelope_to, PATH.envelopeTo, w, index);
  out.dkim = dkim;
  out.spf = spf;
  return out;
}

// Built once: normaliseRecord runs for every record.
const PATH = {
  sourceIp: rowPath('source_ip'),
  reason: evaluatedPath('reason'),
  reasonType: reasonPath('type'),
  reasonComment: reasonPath('comment'),
  dkim: 'auth_results/dkim',
  dkimDomain: authPath('dkim', 'domain'),
  dkimSelector: authPath('dkim', 'selector'),
  dkimResult: authPath('dkim', 'result'),
  dkimHuman: authPath('dkim', 'human_result'),
  spf: 'auth_results/spf',
  spfDomain: authPath('spf', 'domain'),
  spfScope: authPath('spf', 'scope'),
  spfResult: authPath('spf', 'result'),
  spfHuman: authPath('spf', 'human_result'),
  disposition: evaluatedPath('disposition'),
  policyDkim: evaluatedPath('dkim'),
  policySpf: evaluatedPath('spf'),
  headerFrom: identifierPath('header_from'),
  envelopeFrom: identifierPath('envelope_from'),
  envelopeTo: identifierPath('envelope_to'),
} as const;
