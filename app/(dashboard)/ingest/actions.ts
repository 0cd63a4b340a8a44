'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { recordAudit } from '@/lib/platform/audit';
import { ActionError, assertCan, auditActor, runAsMember } from '@/lib/access';
import { reprocessInput } from '@/lib/ingest';
import { findIngestFileInScope } from '@/lib/queries';

const ZIngestFileId = z.string().regex(/^\d{1,18}$/, 'No such input.');

/** Re-runs one failed input of the ingest log from its stored bytes (after a fix or a raised limit). */
export async function reprocessInputAction(id: string) {
  return runAsMember(async (actor) => {
    assertCan(actor, 'reports.ingest', 'Only owners and admins can re-process inputs.');
    const visible = await findIngestFileInScope({ organizationIds: [actor.organizationId], instanceAdmin: actor.isInstanceAdmin }, BigInt(ZIngestFileId.parse(id)));
    if (visible === null) throw new ActionError('not_found', 'No such input.');
    const result = await reprocessInput(visible);
    if (!result) throw new ActionError('not_found', 'No such input.');
    await recordAudit({
      organizationId: actor.organizationId,
      actor: auditActor(actor),
      action: 'reports.reprocessed',
      targetType: 'ingest_file',
      targetId: visible,
      details: { name: result.name, before: result.previousStatus, after: result.outcome.status },
    });
    revalidatePath('/ingest');
    return { status: result.outcome.status, error: result.outcome.error ?? null };
  });
}
