import { Prisma, prisma } from '@/lib/platform/db';
import { log } from '@/lib/platform/log';
import { sendDigest } from '@/lib/notify';
import { buildUserDigest } from './build-user-digest';
import { digestWeek } from './digest-week';

/** A claim older than this is taken to be from a worker that died mid-send. */
const STALE_CLAIM_MINUTES = 10;

export type TDigestSendResult =
  | { status: 'sent'; weekStart: string; subject: string; messageId: string }
  | { status: 'already_sent' | 'in_progress'; weekStart: string }
  | { status: 'nothing_to_send'; weekStart: string };

/**
 * Claims the (user, week) row: inserted, or taken over from a failed attempt or a stale claim.
 * The unique key makes the claim atomic, so of any number of workers, retries and CLI runs
 * exactly one sends a given week's digest (unless `force` re-sends one that went out).
 */
async function claim(userId: number, weekStart: string, force: boolean): Promise<boolean> {
  const takeOver = force
    ? Prisma.sql`digest_delivery.status <> 'sending' OR digest_delivery.claimed_at < now() - make_interval(mins => ${STALE_CLAIM_MINUTES})`
    : Prisma.sql`digest_delivery.status = 'failed' OR (digest_delivery.status = 'sending' AND digest_delivery.claimed_at < now() - make_interval(mins => ${STALE_CLAIM_MINUTES}))`;
  const rows = await prisma().$queryRaw<{ id: bigint }[]>`
    INSERT INTO digest_delivery (user_id, week_start, status, attempts, claimed_at)
    VALUES (${userId}, ${weekStart}::date, 'sending', 1, now())
    ON CONFLICT (user_id, week_start) DO UPDATE
       SET status = 'sending', attempts = digest_delivery.attempts + 1, claimed_at = now(), error = NULL
     WHERE ${takeOver}
    RETURNING id`;
  return rows.length === 1;
}

async function state(userId: number, weekStart: string): Promise<'already_sent' | 'in_progress'> {
  const row = await prisma().digestDelivery.findUnique({ where: { userId_weekStart: { userId, weekStart: new Date(`${weekStart}T00:00:00Z`) } }, select: { status: true } });
  return row?.status === 'sent' ? 'already_sent' : 'in_progress';
}

/**
 * Builds and mails one user's digest for the week before `asOf`, once. SMTP errors are
 * recorded on the row and thrown, so the job runner retries with backoff (and the settings
 * page shows the error); the retry re-claims the failed row.
 */
export async function sendUserDigest(input: { userId: number; asOf: string; force?: boolean; now?: Date }): Promise<TDigestSendResult> {
  const weekStart = digestWeek(input.asOf).week.start.toISOString().slice(0, 10);
  const where = { userId_weekStart: { userId: input.userId, weekStart: new Date(`${weekStart}T00:00:00Z`) } };
  if (!(await claim(input.userId, weekStart, input.force ?? false))) return { status: await state(input.userId, weekStart), weekStart };
  try {
    const built = await buildUserDigest(input.userId, input.asOf, { now: input.now });
    if (!built) {
      await prisma().digestDelivery.delete({ where });
      return { status: 'nothing_to_send', weekStart };
    }
    const sent = await sendDigest(built.digest);
    await prisma().digestDelivery.update({ where, data: { status: 'sent', subject: sent.subject, messageId: sent.messageId, sentAt: new Date(), error: null } });
    return { status: 'sent', weekStart, ...sent };
  } catch (error) {
    const message = (error instanceof Error ? error.message : String(error)).slice(0, 1000);
    await prisma()
      .digestDelivery.update({ where, data: { status: 'failed', error: message } })
      .catch((e: unknown) => log.error({ err: e }, 'could not record a failed digest'));
    log.warn({ userId: input.userId, weekStart, err: error }, 'weekly digest failed; the job runner retries');
    throw error;
  }
}
