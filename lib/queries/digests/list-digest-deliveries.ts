import { prisma } from '@/lib/platform/db';

/** The user's own recent digests (the settings page shows whether last week's went out). */
export async function listDigestDeliveries(userId: number, take = 5) {
  return prisma().digestDelivery.findMany({
    where: { userId },
    select: { weekStart: true, status: true, attempts: true, subject: true, error: true, sentAt: true, claimedAt: true },
    orderBy: { weekStart: 'desc' },
    take,
  });
}

/** `userId:weekStart` of the digests already sent among the given (user, week) pairs. */
export async function listSentDigests(pairs: { userId: number; weekStart: string }[]): Promise<Set<string>> {
  if (pairs.length === 0) return new Set();
  const rows = await prisma().$queryRaw<{ key: string }[]>`
    SELECT dd.user_id || ':' || to_char(dd.week_start, 'YYYY-MM-DD') AS key
      FROM digest_delivery dd
      JOIN unnest(${pairs.map((p) => p.userId)}::int[], ${pairs.map((p) => p.weekStart)}::date[]) AS want(user_id, week_start)
        ON want.user_id = dd.user_id AND want.week_start = dd.week_start
     WHERE dd.status = 'sent'`;
  return new Set(rows.map((r) => r.key));
}
