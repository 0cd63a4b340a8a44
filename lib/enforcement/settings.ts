import { z } from 'zod';

// Thresholds of the readiness gates, per organisation (table enforcement_settings; no row =
// these defaults). Shares are fractions (0.98 = 98 %).

/** "Label: pattern|pattern": a reporter counts when a pattern is in its org_name or address. */
const ZReporterPattern = z
  .string()
  .trim()
  .min(1)
  .max(200)
  .regex(/^[^:|]{1,60}:\s*[^:|]{1,80}(\|[^:|]{1,80})*$/, 'write each reporter as "Label: pattern|pattern", e.g. "Microsoft: outlook|microsoft"');

export const ZEnforcementSettings = z.object({
  passShare: z.number().min(0.5).max(1),
  windowDays: z.number().int().min(1).max(90),
  maxFailingSourceShare: z.number().min(0).max(0.5),
  minDkimShare: z.number().min(0).max(1),
  minDaysAtStage: z.number().int().min(0).max(365),
  minMessages: z.number().int().min(0).max(1_000_000_000),
  majorReporters: z.array(ZReporterPattern).max(20),
  minMajorReporters: z.number().int().min(0).max(20),
  testingPct: z.number().int().min(1).max(99),
});
export type TEnforcementSettings = z.infer<typeof ZEnforcementSettings>;

export const DEFAULT_ENFORCEMENT_SETTINGS: TEnforcementSettings = {
  passShare: 0.98,
  windowDays: 14,
  maxFailingSourceShare: 0.005,
  minDkimShare: 0.95,
  minDaysAtStage: 14,
  minMessages: 500,
  majorReporters: ['Google: google', 'Microsoft: outlook|microsoft|hotmail', 'Yahoo: yahoo|aol'],
  minMajorReporters: 2,
  testingPct: 25,
};

export interface TReporterPattern {
  label: string;
  patterns: string[];
}

export function parseReporterPattern(entry: string): TReporterPattern {
  const colon = entry.indexOf(':');
  const label = colon < 0 ? entry.trim() : entry.slice(0, colon).trim();
  const rest = colon < 0 ? entry : entry.slice(colon + 1);
  return { label, patterns: rest.split('|').map((p) => p.trim().toLowerCase()).filter(Boolean) };
}

/** A stored row (or none) as settings: values outside the bounds fall back to the default. */
export function settingsFromRow(row: Partial<Record<keyof TEnforcementSettings, unknown>> | null): TEnforcementSettings {
  if (!row) return DEFAULT_ENFORCEMENT_SETTINGS;
  const merged: Record<string, unknown> = {};
  for (const key of Object.keys(DEFAULT_ENFORCEMENT_SETTINGS) as (keyof TEnforcementSettings)[]) {
    const field = ZEnforcementSettings.shape[key].safeParse(row[key]);
    merged[key] = field.success ? field.data : DEFAULT_ENFORCEMENT_SETTINGS[key];
  }
  return merged as TEnforcementSettings;
}
