import { z } from 'zod';
import { VERDICTS } from '@/lib/sources';
import { zText } from '@/lib/notify/text/clean-text';
import { ZCount, ZDay, ZPath, ZTimeZone } from '@/lib/notify/schema-parts';

// What one weekly digest shows, filled by the digest query (lead) and rendered by renderDigest.
// Figures are counts, never pre-computed rates, so the HTML and the text part derive the same
// percentages from the same numbers. Every string is cleaned on parse (see clean-text.ts).

/** A sending source as a digest lists it (a service, or an unlisted host/network). */
export const ZDigestSource = z.object({
  /** Service name or host/network label, e.g. "Mailchimp" or "vps-12.example.net". */
  label: zText(120),
  /** Secondary facts, e.g. "198.51.100.7 · AS64500 · NL". */
  detail: zText(160).nullable().default(null),
  verdict: z.enum(VERDICTS),
  messages: ZCount,
  dmarcPass: ZCount,
  /** Dashboard page of this source (relative to the base URL). */
  path: ZPath.nullable().default(null),
});

export const ZFailingSource = ZDigestSource.extend({
  /** Fix advice (lib/advice), most important first. */
  advice: z.array(zText(600)).max(3).default([]),
});

export const ZGate = z.object({
  label: zText(160),
  holds: z.boolean(),
  /** Why it does (not) hold, e.g. "97.1% of authorised mail passes (needs 98%)". */
  detail: zText(300).nullable().default(null),
});

export const ZEnforcement = z.object({
  /** The stage the published record corresponds to, e.g. "Monitoring (p=none)". */
  stage: zText(120),
  /** The next stage, or null at the last one (p=reject everywhere). */
  next: z
    .object({
      label: zText(120),
      /** The DNS TXT record to publish at _dmarc.<domain> for that stage. */
      record: zText(400),
    })
    .nullable(),
  gatesHold: z.boolean(),
  gates: z.array(ZGate).max(12).default([]),
});

const ZVerdictCount = z.object({ sources: ZCount, messages: ZCount });

export const ZDomainDigest = z.object({
  domain: zText(253),
  /** Dashboard page of the domain; defaults to its sender map. */
  path: ZPath.nullable().default(null),
  messages: ZCount,
  dmarcPass: ZCount,
  /** The 7 days before the week; null when there was no data to compare with. */
  previous: z.object({ messages: ZCount, dmarcPass: ZCount }).nullable(),
  /** Aggregate reports received for the week and how many reporters sent them. */
  reports: ZCount,
  reporters: ZCount,
  /** Newest report end received for the domain (any week); null when none ever arrived. */
  lastReportAt: z.coerce.date().nullable(),
  /** Sources and messages per verdict (lib/verdicts), over the week. */
  verdicts: z.object({
    authorised_passing: ZVerdictCount,
    authorised_failing: ZVerdictCount,
    forwarder: ZVerdictCount,
    unknown: ZVerdictCount,
  }),
  /** Sources seen for the first time this week: how many, and the busiest few. */
  newSources: z.object({ total: ZCount, top: z.array(ZDigestSource).max(10) }),
  /** Authorised-failing and unknown sources with the most failing mail, worst first. */
  worstFailing: z.array(ZFailingSource).max(5),
  /** Mail from unknown sources failing DMARC, and what receivers did with it. */
  spoofing: z.object({ messages: ZCount, quarantined: ZCount, rejected: ZCount }),
  /** The DMARC record published now; null when the domain publishes none. */
  policy: z.object({
    record: zText(400).nullable(),
    p: z.enum(['none', 'quarantine', 'reject']).nullable(),
  }),
  /** The enforcement wizard's next step; absent until the wizard exists. */
  enforcement: ZEnforcement.nullable().optional(),
});

export const ZDigest = z.object({
  user: z.object({
    id: z.number().int().positive(),
    email: z.email(),
    name: zText(80).nullable(),
    timeZone: ZTimeZone,
  }),
  /** Whole UTC days, `to` exclusive (the week is normally 7 days). */
  week: z
    .object({ from: ZDay, to: ZDay })
    .refine((w) => w.from < w.to, 'week.from must be before week.to (to is exclusive)'),
  /** What the digest covers, e.g. "All domains", a group's name or one domain. */
  scope: zText(120),
  domains: z.array(ZDomainDigest).max(200),
  generatedAt: z.coerce.date(),
  links: z
    .object({ dashboard: ZPath.default('/'), settings: ZPath.default('/settings') })
    .default({ dashboard: '/', settings: '/settings' }),
});

/** What renderDigest accepts (dates may be Date or ISO strings; strings not cleaned yet). */
export type TDigestInput = z.input<typeof ZDigest>;
/** A parsed digest: strings cleaned and bounded, defaults filled. */
export type TDigest = z.output<typeof ZDigest>;
export type TDomainDigest = z.output<typeof ZDomainDigest>;
export type TDigestSource = z.output<typeof ZDigestSource>;
export type TFailingSource = z.output<typeof ZFailingSource>;
export type TEnforcement = z.output<typeof ZEnforcement>;
