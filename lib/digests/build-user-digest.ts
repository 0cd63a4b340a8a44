import { loadUserScope } from '@/lib/access';
import type { TDigestInput } from '@/lib/notify';
import { getDigestFigures, getNotificationSetting, getPublishedPolicies, listDigestRecipients, type TNotificationSetting } from '@/lib/queries';
import { buildDomainDigest } from './build-domain-digest';
import { digestWeek } from './digest-week';

export interface TUserDigest {
  digest: TDigestInput;
  setting: TNotificationSetting;
}

/** What the digest covers, in the words its header uses. */
function scopeLabel(setting: TNotificationSetting, names: string[]): string {
  if (setting.digestDomains === 'all') return 'All domains';
  return names.length === 1 ? names[0] : `${names.length} chosen domains`;
}

/**
 * The weekly digest of one user as of a day (the week is the 7 UTC days before it): every
 * domain they may see, or the ones they chose among those. Null when there is no such user or
 * nothing to cover (no domain visible, or every chosen domain gone).
 */
export async function buildUserDigest(userId: number, asOf: Date | string, options: { now?: Date } = {}): Promise<TUserDigest | null> {
  const scope = await loadUserScope(userId);
  const [[user], setting] = await Promise.all([listDigestRecipients(scope, { userId }), getNotificationSetting(userId)]);
  if (!user) return null;
  const chosen = setting.digestDomains === 'chosen' ? new Set(setting.digestDomainIds) : null;
  const domainIds = scope.domainIds.filter((id) => !chosen || chosen.has(id));
  if (domainIds.length === 0) return null;
  const { week, previous } = digestWeek(asOf);
  const [figures, policies] = await Promise.all([getDigestFigures(scope, domainIds, week, previous), getPublishedPolicies(scope, domainIds)]);
  if (figures.length === 0) return null;
  const domains = [];
  // One domain at a time: each builds a sender map, and the worker shares two cores with the web app.
  for (const f of figures) domains.push(await buildDomainDigest(scope, f, week, policies.get(f.domainId)));
  const digest: TDigestInput = {
    user: { id: user.id, email: user.email, name: user.name, timeZone: setting.timeZone },
    week: { from: week.start.toISOString().slice(0, 10), to: week.end.toISOString().slice(0, 10) },
    scope: scopeLabel(setting, figures.map((f) => f.domain)),
    domains,
    generatedAt: options.now ?? new Date(),
    links: { dashboard: '/', settings: '/settings/notifications' },
  };
  return { digest, setting };
}
