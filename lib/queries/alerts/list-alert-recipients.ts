import { prisma } from '@/lib/platform/db';

export interface TAlertRecipient {
  userId: number;
  email: string;
}

/**
 * Who gets an alert of an organisation by e-mail: its owners and admins ('admins'), or every
 * member who may see the domain ('members': viewers only with a grant on it), minus those who
 * turned alert e-mails off.
 */
export async function listAlertRecipients(organizationId: number, domainId: number | null, emailTo: 'admins' | 'members'): Promise<TAlertRecipient[]> {
  const members = await prisma().membership.findMany({
    where: { organizationId },
    select: { role: true, userId: true, user: { select: { email: true, notificationSetting: { select: { alertEmails: true } } } }, domainGrants: { select: { domainId: true } } },
    orderBy: { userId: 'asc' },
  });
  return members
    .filter((m) => m.user.notificationSetting?.alertEmails !== false)
    .filter((m) => {
      if (m.role === 'owner' || m.role === 'admin') return true;
      if (emailTo === 'admins') return false;
      return domainId === null ? false : m.domainGrants.some((g) => g.domainId === domainId);
    })
    .map((m) => ({ userId: m.userId, email: m.user.email }));
}
