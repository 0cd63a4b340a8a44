import { z } from 'zod';
import { ALERT_KINDS, type TAlertKind } from '@/lib/notify';

// Each alert kind's parameters, with the defaults a new rule gets. Stored as alert_rule.params
// (JSON) and parsed again on every evaluation, so a stored value from an older version that no
// longer validates falls back to the defaults instead of stopping the evaluator.

const ZMinMessages = z.number().int().min(1).max(1e9);

export const RULE_PARAMS = {
  new_source: z.object({
    /** Ignore sources with fewer messages in the lookback (one-off noise). */
    minMessages: ZMinMessages.default(1),
    /** A source counts as new when first seen within this many days (late reports included). */
    lookbackDays: z.number().int().min(1).max(30).default(3),
    /** Only unknown or failing sources (authorised, passing newcomers stay quiet). */
    onlyFailing: z.boolean().default(false),
  }),
  pass_rate_below: z.object({
    /** A share, 0–1. */
    threshold: z.number().min(0).max(1).default(0.9),
    /** A day with fewer messages says too little to alert on. */
    minMessages: ZMinMessages.default(100),
  }),
  pass_rate_dropped: z.object({
    /** Percentage points below the 7 days before. */
    dropPoints: z.number().positive().max(100).default(10),
    minMessages: ZMinMessages.default(100),
  }),
  dns_record_changed: z.object({
    records: z.array(z.enum(['dmarc', 'spf'])).min(1).default(['dmarc', 'spf']),
  }),
  ingest_failures: z.object({
    minFailures: z.number().int().min(1).max(10_000).default(1),
  }),
  no_reports: z.object({
    days: z.number().int().min(1).max(365).default(3),
  }),
  reporter_stopped: z.object({
    /** Silent this many days while it used to report. */
    days: z.number().int().min(1).max(60).default(3),
    /** "Major": at least this share of the domain's mail over the 28 days before. */
    minShare: z.number().min(0).max(1).default(0.1),
  }),
  ip_blocklisted: z.object({}),
} satisfies Record<TAlertKind, z.ZodType>;

export type TRuleParams<K extends TAlertKind> = z.output<(typeof RULE_PARAMS)[K]>;

/** Parameters of a stored rule: validated, defaults filled; invalid stored values → defaults. */
export function ruleParams<K extends TAlertKind>(kind: K, stored: unknown): TRuleParams<K> {
  // The indexed schema's output is the union over kinds; K picks one, which TS cannot narrow to.
  const schema = RULE_PARAMS[kind] as unknown as z.ZodType<TRuleParams<K>>;
  const parsed = schema.safeParse(stored ?? {});
  return parsed.success ? parsed.data : schema.parse({});
}

export const ZAlertKind = z.enum(ALERT_KINDS);

export const KIND_LABELS: Record<TAlertKind, string> = {
  new_source: 'New source seen',
  pass_rate_below: 'Pass rate below a threshold',
  pass_rate_dropped: 'Pass rate dropped',
  dns_record_changed: 'DMARC / SPF record changed',
  ingest_failures: 'Report files failed to import',
  no_reports: 'No reports for a domain',
  reporter_stopped: 'A major reporter stopped reporting',
  ip_blocklisted: 'Sending IP on a blocklist',
};

/** How the settings form edits each kind's parameters (plain data: passed to a client component). */
export interface TRuleField {
  key: string;
  label: string;
  /** percent: stored as a share (0–1), edited in %; records: dmarc/spf checkboxes. */
  type: 'int' | 'number' | 'percent' | 'boolean' | 'records';
}

export const RULE_FIELDS: Record<TAlertKind, TRuleField[]> = {
  new_source: [
    { key: 'minMessages', label: 'At least messages', type: 'int' },
    { key: 'lookbackDays', label: 'First seen within days', type: 'int' },
    { key: 'onlyFailing', label: 'Only unknown or failing sources', type: 'boolean' },
  ],
  pass_rate_below: [
    { key: 'threshold', label: 'Threshold (%)', type: 'percent' },
    { key: 'minMessages', label: 'Days with at least messages', type: 'int' },
  ],
  pass_rate_dropped: [
    { key: 'dropPoints', label: 'Drop of at least (points)', type: 'number' },
    { key: 'minMessages', label: 'Days with at least messages', type: 'int' },
  ],
  dns_record_changed: [{ key: 'records', label: 'Records', type: 'records' }],
  ingest_failures: [{ key: 'minFailures', label: 'At least failed files', type: 'int' }],
  no_reports: [{ key: 'days', label: 'Silent for days', type: 'int' }],
  reporter_stopped: [
    { key: 'days', label: 'Silent for days', type: 'int' },
    { key: 'minShare', label: 'Reporter’s share of mail at least (%)', type: 'percent' },
  ],
  ip_blocklisted: [],
};

/** Each kind's default parameters (the form's initial values). */
export const RULE_DEFAULTS: Record<TAlertKind, Record<string, unknown>> = Object.fromEntries(ALERT_KINDS.map((kind) => [kind, ruleParams(kind, {}) as Record<string, unknown>])) as Record<TAlertKind, Record<string, unknown>>;

/** "threshold 90%, at least 100 messages": a rule's parameters in a few words (the rules table). */
export function describeParams(kind: TAlertKind, stored: unknown): string {
  const params = ruleParams(kind, stored) as Record<string, unknown>;
  return RULE_FIELDS[kind]
    .map((f) => {
      const v = params[f.key];
      if (f.type === 'percent') return `${f.label.replace(' (%)', '')}: ${Math.round(Number(v) * 1000) / 10}%`;
      if (f.type === 'boolean') return v ? f.label : null;
      if (f.type === 'records') return `${f.label}: ${(v as string[]).map((r) => r.toUpperCase()).join(', ')}`;
      return `${f.label}: ${String(v)}`;
    })
    .filter(Boolean)
    .join(' · ');
}
