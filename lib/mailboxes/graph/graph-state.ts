import { prisma } from '@/lib/platform/db';

// A Graph mailbox's progress in its row: `cursor` is the receivedDateTime before which every
// message of the folder is handled (flag mode lists from there; in move mode the folder itself
// is the to-do list), `backlog` what is left.

export async function loadCursor(id: number): Promise<string | null> {
  const row = await prisma().mailbox.findUnique({ where: { id }, select: { cursor: true } });
  return row?.cursor ?? null;
}

/** Never moves backwards (two sessions overlapping during a lock hand-over). */
export async function saveProgress(id: number, cursor: string | null, backlog: number): Promise<void> {
  if (cursor === null) {
    await prisma().mailbox.update({ where: { id }, data: { backlog } });
    return;
  }
  await prisma().$executeRaw`
    UPDATE mailbox SET cursor = CASE WHEN cursor IS NULL OR cursor < ${cursor} THEN ${cursor} ELSE cursor END, backlog = ${backlog}
     WHERE id = ${id}`;
}
