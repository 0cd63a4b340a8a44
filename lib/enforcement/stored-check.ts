import { z } from 'zod';
import type { TDnsCheck } from '@/lib/dns';

const ZFinding = z.object({ severity: z.enum(['error', 'warning', 'info']), code: z.string(), message: z.string(), fix: z.string() });

// The parts of a stored check that the wizard and the DNS page rely on; the rest is shown as is.
const ZStoredCheck = z.looseObject({
  domain: z.string(),
  dmarc: z.looseObject({ record: z.string().nullable(), inherited: z.boolean(), policy_domain: z.string().nullable(), tags: z.record(z.string(), z.string()), findings: z.array(ZFinding) }),
  spf: z.looseObject({ record: z.string().nullable(), lookups: z.number(), void_lookups: z.number(), findings: z.array(ZFinding) }),
  dkim: z.array(z.looseObject({ selector: z.string(), findings: z.array(ZFinding) })),
  findings: z.array(ZFinding),
});

/** A check stored in domain_dns_state.result, or null when it is not one (older shape, damage). */
export function readStoredCheck(json: unknown): TDnsCheck | null {
  const parsed = ZStoredCheck.safeParse(json);
  // Written by checkDomainNow from a TDnsCheck; the schema above checked what is read from it.
  return parsed.success ? (parsed.data as unknown as TDnsCheck) : null;
}
