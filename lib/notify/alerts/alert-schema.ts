import { isIP } from 'node:net';
import { z } from 'zod';
import { VERDICTS } from '@/lib/sources';
import { zText } from '@/lib/notify/text/clean-text';
import { ZCount, ZDay, ZPath } from '@/lib/notify/schema-parts';

// One alert event, as the alert rules (lead) raise it and as e-mail and webhooks deliver it.
// `kind` names are part of the webhook format (docs/notifications.md): never rename one.

export const ALERT_KINDS = ['new_source', 'pass_rate_below', 'pass_rate_dropped', 'dns_record_changed', 'ingest_failures', 'no_reports', 'reporter_stopped', 'ip_blocklisted'] as const;
export type TAlertKind = (typeof ALERT_KINDS)[number];

export const SEVERITIES = ['info', 'warning', 'critical'] as const;

const ZCommon = z.object({
  /** Stable id of the event (the same event re-sent keeps it, so receivers can deduplicate). */
  id: z.string().regex(/^[A-Za-z0-9._:-]{1,100}$/),
  occurredAt: z.coerce.date(),
  organization: z.object({ id: z.number().int().positive(), name: zText(120) }).nullable().default(null),
  /** Overrides the kind's default severity. */
  severity: z.enum(SEVERITIES).optional(),
  /** Dashboard page to open (relative to the base URL); a sensible page by kind otherwise. */
  path: ZPath.nullable().default(null),
});

const ZDomain = zText(253);
const ZRates = z.object({ messages: ZCount, dmarcPass: ZCount });
const ZIp = z.string().max(45).refine((ip) => isIP(ip) !== 0, 'an IP address');
/** A window of whole UTC days, `to` exclusive. */
const ZWindow = z.object({ from: ZDay, to: ZDay });

export const ZAlert = z.discriminatedUnion('kind', [
  ZCommon.extend({
    kind: z.literal('new_source'),
    domain: ZDomain,
    source: z.object({
      label: zText(120),
      ip: ZIp.nullable().default(null),
      detail: zText(160).nullable().default(null),
      verdict: z.enum(VERDICTS),
      messages: ZCount,
      dmarcPass: ZCount,
      firstSeen: z.coerce.date(),
    }),
  }),
  ZCommon.extend({
    kind: z.literal('pass_rate_below'),
    domain: ZDomain,
    window: ZWindow,
    current: ZRates,
    /** The rule's threshold as a share, e.g. 0.95. */
    threshold: z.number().min(0).max(1),
  }),
  ZCommon.extend({
    kind: z.literal('pass_rate_dropped'),
    domain: ZDomain,
    window: ZWindow,
    current: ZRates,
    previous: ZRates,
    /** The rule's drop in percentage points that fired it, e.g. 5. */
    dropPoints: z.number().positive().max(100),
  }),
  ZCommon.extend({
    kind: z.literal('dns_record_changed'),
    domain: ZDomain,
    record: z.enum(['dmarc', 'spf']),
    /** The name queried, e.g. _dmarc.example.com. */
    name: zText(260),
    before: zText(1000).nullable(),
    after: zText(1000).nullable(),
  }),
  ZCommon.extend({
    kind: z.literal('ingest_failures'),
    failures: ZCount,
    since: z.coerce.date(),
    examples: z.array(z.object({ name: zText(200), error: zText(400) })).max(5).default([]),
  }),
  ZCommon.extend({
    kind: z.literal('no_reports'),
    domain: ZDomain,
    days: z.number().int().positive().max(3650),
    lastReportAt: z.coerce.date().nullable(),
  }),
  ZCommon.extend({
    kind: z.literal('reporter_stopped'),
    domain: ZDomain,
    reporter: zText(200),
    lastReportAt: z.coerce.date(),
    /** Messages it reported per week before it stopped, for weight. */
    weeklyMessages: ZCount,
  }),
  ZCommon.extend({
    kind: z.literal('ip_blocklisted'),
    domain: ZDomain.nullable().default(null),
    ip: ZIp,
    /** The blocklist zone, e.g. zen.spamhaus.org. */
    list: zText(200),
    source: zText(120).nullable().default(null),
    listedSince: z.coerce.date(),
  }),
]);

export type TAlertInput = z.input<typeof ZAlert>;
export type TAlert = z.output<typeof ZAlert>;
export type TSeverity = (typeof SEVERITIES)[number];
