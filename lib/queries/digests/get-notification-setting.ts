import { prisma } from '@/lib/platform/db';

/** A user's notification settings, with the defaults when they never saved any. */
export interface TNotificationSetting {
  userId: number;
  digestEnabled: boolean;
  /** 0 = Sunday … 6 = Saturday, in `timeZone`. */
  digestWeekday: number;
  digestHour: number;
  timeZone: string;
  digestDomains: 'all' | 'chosen';
  digestDomainIds: number[];
  alertEmails: boolean;
  saved: boolean;
}

export const DEFAULT_NOTIFICATION_SETTING: Omit<TNotificationSetting, 'userId' | 'saved'> = {
  digestEnabled: true,
  digestWeekday: 1,
  digestHour: 8,
  timeZone: 'UTC',
  digestDomains: 'all',
  digestDomainIds: [],
  alertEmails: true,
};

type TRow = Omit<TNotificationSetting, 'saved' | 'digestDomains'> & { digestDomains: string };

function toSetting(userId: number, row: TRow | null | undefined): TNotificationSetting {
  if (!row) return { userId, ...DEFAULT_NOTIFICATION_SETTING, saved: false };
  return { ...row, digestDomains: row.digestDomains === 'chosen' ? 'chosen' : 'all', saved: true };
}

const SELECT = { userId: true, digestEnabled: true, digestWeekday: true, digestHour: true, timeZone: true, digestDomains: true, digestDomainIds: true, alertEmails: true } as const;

/** The caller's own settings (a user reads only theirs: the caller passes its own id). */
export async function getNotificationSetting(userId: number): Promise<TNotificationSetting> {
  return toSetting(userId, await prisma().notificationSetting.findUnique({ where: { userId }, select: SELECT }));
}

/** Settings of many users at once (the scheduler), defaults filled in. */
export async function listNotificationSettings(userIds: number[]): Promise<Map<number, TNotificationSetting>> {
  const rows = userIds.length ? await prisma().notificationSetting.findMany({ where: { userId: { in: userIds } }, select: SELECT }) : [];
  const byUser = new Map(rows.map((r) => [r.userId, r]));
  return new Map(userIds.map((id) => [id, toSetting(id, byUser.get(id))]));
}
