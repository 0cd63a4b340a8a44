import { Prisma } from '@/lib/platform/db';
import type { TDayWindow } from '@/lib/platform/dates';

export const REPORT_SORTS = ['begin', 'messages', 'pass_rate', 'reporter', 'domain'] as const;
export type TReportSort = (typeof REPORT_SORTS)[number];

/** What the reports list (page, API, export) can be narrowed by. */
export interface TReportFilters {
  /** One domain of the scope (already checked by the caller), else every domain of the scope. */
  domainId?: number;
  /** The one window rule: a report counts on the UTC day its range begins. */
  window: TDayWindow;
  /** The reporter's organisation name (org_name), case-insensitive. */
  reporter?: string;
  /** Only reports with DMARC failures: some message passed neither aligned SPF nor aligned DKIM. */
  failures?: boolean;
  /** A report id (exact or its beginning) or part of the reporter's name. */
  search?: string;
}

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/**
 * WHERE terms for report `r` (no domain term: callers add the scope's). Every term sits beside
 * `begin_at` in the window, so each runs over the index report(domain_id, begin_at) range.
 */
export function reportFilterSql(filters: TReportFilters): Prisma.Sql[] {
  const terms = [Prisma.sql`r.begin_at >= ${filters.window.start} AND r.begin_at < ${filters.window.end}`];
  if (filters.reporter) terms.push(Prisma.sql`lower(r.org_name) = lower(${filters.reporter})`);
  if (filters.failures) terms.push(Prisma.sql`r.dmarc_pass < r.message_count`);
  if (filters.search) {
    const like = escapeLike(filters.search.toLowerCase());
    terms.push(Prisma.sql`(lower(r.report_id) LIKE ${`${like}%`} OR lower(r.org_name) LIKE ${`%${like}%`})`);
  }
  return terms;
}
