'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { assertCan, runAsMember } from '@/lib/access';
import { saveEnforcementSettings } from '@/lib/enforcement';

const percent = z.coerce.number().min(0).max(100).transform((v) => Math.round(v * 1000) / 100_000);
const ZForm = z.object({
  passPct: percent,
  windowDays: z.coerce.number().int(),
  maxFailingSourcePct: percent,
  minDkimPct: percent,
  minDaysAtStage: z.coerce.number().int(),
  minMessages: z.coerce.number().int(),
  majorReporters: z.string().max(4000).transform((v) => v.split('\n').map((l) => l.trim()).filter(Boolean)),
  minMajorReporters: z.coerce.number().int(),
  testingPct: z.coerce.number().int(),
});

/** Saves the organisation's gate thresholds (owners and admins). Shares arrive as percentages. */
export async function saveEnforcementSettingsAction(form: Record<string, string>) {
  return runAsMember(async (actor) => {
    assertCan(actor, 'policy.manage', 'Only owners and admins can change the enforcement thresholds.');
    const f = ZForm.parse(form);
    await saveEnforcementSettings(
      actor.organizationId,
      { passShare: f.passPct, windowDays: f.windowDays, maxFailingSourceShare: f.maxFailingSourcePct, minDkimShare: f.minDkimPct, minDaysAtStage: f.minDaysAtStage, minMessages: f.minMessages, majorReporters: f.majorReporters, minMajorReporters: f.minMajorReporters, testingPct: f.testingPct },
      { userId: actor.userId, label: actor.label },
    );
    revalidatePath('/settings/enforcement');
  });
}
