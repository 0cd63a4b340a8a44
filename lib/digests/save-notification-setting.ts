import { z } from 'zod';
import { prisma } from '@/lib/platform/db';
import type { TAccessScope } from '@/lib/access';

/** An IANA zone the runtime knows; anything else is refused at the form. */
export const ZTimeZoneName = z
  .string()
  .min(1)
  .max(64)
  .refine((zone) => {
    try {
      new Intl.DateTimeFormat('en', { timeZone: zone });
      return true;
    } catch {
      return false;
    }
  }, 'Choose a time zone from the list.');

export const ZNotificationSettingInput = z.object({
  digestEnabled: z.boolean(),
  digestWeekday: z.number().int().min(0).max(6),
  digestHour: z.number().int().min(0).max(23),
  timeZone: ZTimeZoneName,
  digestDomains: z.enum(['all', 'chosen']),
  digestDomainIds: z.array(z.number().int().positive()).max(1000).default([]),
  alertEmails: z.boolean(),
});
export type TNotificationSettingInput = z.input<typeof ZNotificationSettingInput>;

/**
 * Saves a user's own settings. Chosen domains are kept only when the user may see them; a
 * "chosen" list left empty is refused (that is what switching the digest off is for).
 */
export async function saveNotificationSetting(userId: number, scope: TAccessScope, input: TNotificationSettingInput): Promise<void> {
  const data = ZNotificationSettingInput.parse(input);
  const visible = new Set(scope.domainIds);
  const chosen = data.digestDomains === 'chosen' ? [...new Set(data.digestDomainIds.filter((id) => visible.has(id)))] : [];
  if (data.digestDomains === 'chosen' && chosen.length === 0) throw new z.ZodError([{ code: 'custom', path: ['digestDomainIds'], message: 'Choose at least one domain, or turn the digest off.', input: data.digestDomainIds }]);
  const row = { ...data, digestDomainIds: chosen };
  await prisma().notificationSetting.upsert({ where: { userId }, create: { userId, ...row }, update: row });
}
