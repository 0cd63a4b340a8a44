import { z } from 'zod';
import { apiSchemas } from './registry';

export const ZDomainDay = z
  .object({
    day: z.iso.date(),
    messages: z.number().int(),
    dmarc_pass: z.number().int(),
    dkim_aligned_pass: z.number().int(),
    spf_aligned_pass: z.number().int(),
    quarantined: z.number().int(),
    rejected: z.number().int(),
    reports: z.number().int().describe('Reports whose range begins on this day: each report counts once, so the days add up to the total.'),
  })
  .register(apiSchemas, { id: 'DomainDay' });

export const ZDomainStats = z
  .object({
    domain: z.string(),
    from: z.iso.date(),
    to: z.iso.date().describe('Exclusive.'),
    totals: ZDomainDay.omit({ day: true }),
    days: z.array(ZDomainDay),
  })
  .register(apiSchemas, { id: 'DomainStats' });

export const ZDomainAddress = z
  .object({
    source_ip: z.string(),
    messages: z.number().int(),
    dmarc_pass: z.number().int(),
    dkim_aligned: z.number().int(),
    spf_aligned: z.number().int(),
    quarantined_or_rejected: z.number().int(),
    reporters: z.number().int().describe('Distinct reporting organisations.'),
    first_day: z.iso.date(),
    last_day: z.iso.date(),
  })
  .register(apiSchemas, { id: 'DomainAddress' });

export const ZDomainAddresses = z
  .object({ domain: z.string(), from: z.iso.date(), to: z.iso.date(), addresses: z.array(ZDomainAddress) })
  .register(apiSchemas, { id: 'DomainAddresses' });

/** The same list under its first name (`sources`), kept for the deprecated /sources path. */
export const ZDomainSourcesDeprecated = z
  .object({ domain: z.string(), from: z.iso.date(), to: z.iso.date(), sources: z.array(ZDomainAddress) })
  .register(apiSchemas, { id: 'DomainSources' });
