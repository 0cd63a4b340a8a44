import { prisma } from '@/lib/platform/db';

// The poller's progress and status per mailbox, in the mailbox row. Progress is UIDVALIDITY +
// the highest UID handled (never \Seen, which people and other clients change).

export interface MailboxState {
  id: number;
  label: string;
  enabled: boolean;
  uidValidity: bigint | null;
  lastUid: bigint;
}

export async function loadMailboxState(id: number): Promise<MailboxState | null> {
  return prisma().mailbox.findUnique({
    where: { id },
    select: { id: true, label: true, enabled: true, uidValidity: true, lastUid: true },
  });
}

/** A new UIDVALIDITY makes every stored UID meaningless: start the folder over (dedupe covers it). */
export async function resetUidValidity(id: number, uidValidity: bigint): Promise<void> {
  await prisma().mailbox.update({ where: { id }, data: { uidValidity, lastUid: 0n } });
}

/** Never moves backwards, even if two sessions overlap during a lock hand-over. */
export async function advanceLastUid(id: number, uidValidity: bigint, uid: number, backlog: number): Promise<void> {
  await prisma().$executeRaw`
    UPDATE mailbox SET last_uid = GREATEST(last_uid, ${BigInt(uid)}), backlog = ${backlog}
     WHERE id = ${id} AND uid_validity = ${uidValidity}`;
}

export async function recordSuccess(id: number, backlog: number): Promise<void> {
  await prisma().mailbox.update({ where: { id }, data: { lastSuccessAt: new Date(), backlog } });
}

export async function recordError(id: number, message: string): Promise<void> {
  await prisma().mailbox.update({ where: { id }, data: { lastErrorAt: new Date(), lastError: message.slice(0, 2000) } });
}
