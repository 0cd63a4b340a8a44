import { operatorScope } from '@/lib/access';
import type { TJobContext } from '@/lib/platform/jobs';
import { log } from '@/lib/platform/log';
import { listDigestRecipients, listNotificationSettings, listSentDigests } from '@/lib/queries';
import { dueDigestSlot } from './digest-slot';
import { digestWeek } from './digest-week';

export const DIGEST_SEND_QUEUE = 'digest-send';

/**
 * Every user whose chosen time has come (within the catch-up window, so a digest due while no
 * worker ran still goes out) and whose digest for that week has not gone out: one send job
 * each. Runs on a schedule; the send job's claim keeps duplicates harmless.
 */
export async function scheduleDueDigests(context: Pick<TJobContext, 'send'>, now: Date = new Date()): Promise<number> {
  const users = await listDigestRecipients(await operatorScope());
  const settings = await listNotificationSettings(users.map((u) => u.id));
  const due = users.flatMap((u) => {
    const slot = dueDigestSlot(settings.get(u.id)!, now);
    return slot ? [{ userId: u.id, asOf: slot.asOf, weekStart: digestWeek(slot.asOf).week.start.toISOString().slice(0, 10) }] : [];
  });
  const sent = await listSentDigests(due);
  const todo = due.filter((d) => !sent.has(`${d.userId}:${d.weekStart}`));
  for (const d of todo) await context.send(DIGEST_SEND_QUEUE, { userId: d.userId, asOf: d.asOf }, { singletonKey: `${d.userId}:${d.weekStart}` });
  if (todo.length) log.info({ digests: todo.length }, 'weekly digests queued');
  return todo.length;
}
