'use server';

import { z } from 'zod';
import { createFirstOwner, SetupClosedError, withActionContext, ZFirstOwner } from '@/lib/access';

export type TSetupResult = { ok: true } | { ok: false; error: string };

/** First run only: creates the first owner. The lib function re-checks "no users" under a lock. */
export async function createFirstOwnerAction(input: z.input<typeof ZFirstOwner>): Promise<TSetupResult> {
  const parsed = ZFirstOwner.safeParse(input);
  if (!parsed.success) return { ok: false, error: parsed.error.issues[0]?.message ?? 'Check the form.' };
  try {
    await withActionContext(() => createFirstOwner(parsed.data));
    return { ok: true };
  } catch (error) {
    if (error instanceof SetupClosedError) return { ok: false, error: error.message };
    throw error;
  }
}
