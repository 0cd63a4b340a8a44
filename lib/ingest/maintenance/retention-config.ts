import { z } from 'zod';

const ZRetentionEnv = z.object({
  // Unset or empty: keep everything.
  ATLAS_RETENTION_DAYS: z.preprocess((v) => (v === '' ? undefined : v), z.coerce.number().int().min(1).max(100_000).optional()),
});

/** Days of raw records and report bytes to keep (ATLAS_RETENTION_DAYS), or null to keep everything. */
export function retentionDays(source: Record<string, string | undefined> = process.env): number | null {
  const parsed = ZRetentionEnv.safeParse(source);
  if (!parsed.success) {
    throw new Error(`Invalid ATLAS_RETENTION_DAYS: ${parsed.error.issues.map((i) => i.message).join('; ')} (a whole number of days, or unset to keep everything).`);
  }
  return parsed.data.ATLAS_RETENTION_DAYS ?? null;
}
