import { renderDigest, unsubscribeUrl, type TRenderedMail } from '@/lib/notify';
import { appUrl } from '@/lib/platform/env';
import { getNotificationSetting } from '@/lib/queries';
import { buildUserDigest } from './build-user-digest';
import { nextDigestSlot } from './digest-slot';

export interface TDigestPreview extends TRenderedMail {
  asOf: string;
  /** When the previewed digest goes out (null for an --as-of preview). */
  sendAt: Date | null;
  week: { from: string; to: string };
}

/**
 * The digest a user gets at their next send time (or as of a given day), rendered exactly as
 * it would be mailed; nothing is sent or recorded. Null when there is nothing to cover.
 */
export async function previewDigest(userId: number, options: { asOf?: string; now?: Date } = {}): Promise<TDigestPreview | null> {
  const now = options.now ?? new Date();
  let asOf = options.asOf;
  let sendAt: Date | null = null;
  if (!asOf) {
    // The next scheduled digest covers the week before its send day: preview exactly that one.
    const next = nextDigestSlot(await getNotificationSetting(userId), now);
    [asOf, sendAt] = [next.asOf, next.at];
  }
  const built = await buildUserDigest(userId, asOf, { now });
  if (!built) return null;
  const baseUrl = appUrl();
  const mail = await renderDigest(built.digest, { baseUrl, unsubscribeUrl: unsubscribeUrl(baseUrl, userId, 'digest') });
  return { ...mail, asOf, sendAt, week: { from: String(built.digest.week.from), to: String(built.digest.week.to) } };
}
