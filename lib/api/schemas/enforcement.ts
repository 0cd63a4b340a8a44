import { z } from 'zod';
import { apiSchemas } from './registry';

const STAGES = ['monitoring', 'quarantine_testing', 'quarantine', 'reject_testing', 'reject', 'subdomains'] as const;
const ZStage = z.enum(STAGES);
const ZVerdict = z.enum(['authorised_passing', 'authorised_failing', 'forwarder', 'unknown']);

export const ZEnforcementQuery = z.object({
  as_of: z.iso.date().optional().describe('Count the windows up to this UTC day instead of today (YYYY-MM-DD).'),
});

export const ZEnforcement = z
  .object({
    domain: z.string(),
    published: z
      .object({
        record: z.string().nullable().describe('The DMARC record published at _dmarc.<domain> (or the parent record it inherits), as the DNS watch last saw it.'),
        p: z.string().nullable(),
        sp: z.string().nullable(),
        np: z.string().nullable(),
        pct: z.number().int().nullable(),
        t: z.string().nullable(),
      })
      .describe('An inherited record applies its subdomain policy: p, sp and np are then the ones in effect for this domain.'),
    stage: z.object({
      current: z.union([ZStage, z.literal('unpublished')]),
      next: ZStage.nullable().describe('Null once the domain is fully enforced.'),
    }),
    gates: z
      .array(
        z.object({
          id: z.enum(['dmarc_pass', 'failing_sources', 'dkim_aligned', 'days_at_stage', 'volume', 'major_reporters', 'dns']),
          label: z.string(),
          met: z.boolean(),
          value: z.number().nullable().describe('Shares as fractions (0.98), else counts.'),
          threshold: z.number(),
        }),
      )
      .describe('Readiness gates of the next stage, over the organisation’s gate window (14 days by default) ending on as_of.'),
    impact: z
      .object({
        from: z.iso.date(),
        to: z.iso.date().describe('Exclusive.'),
        stage: ZStage.nullable().describe('The stage previewed: the next one (the current one when fully enforced).'),
        failing: z.number().int().describe('DMARC-failing messages in the window.'),
        messages: z.number().int().describe('Messages the stage would have quarantined or rejected (pct applied, as RFC 7489 receivers do).'),
        by_verdict: z.record(ZVerdict, z.number().int()),
        sources: z.array(z.object({ key: z.string(), label: z.string(), verdict: ZVerdict, messages: z.number().int() })),
      })
      .describe('The last 30 days up to as_of, replayed under the stage’s policy.'),
    record: z.string().nullable().describe('The TXT record to publish at _dmarc.<domain> for the next stage.'),
  })
  .register(apiSchemas, { id: 'Enforcement' });
