import { z } from 'zod';
import { FIRST_DAY, LAST_DAY } from '@/lib/platform/dates';
import { ZDomainName } from '@/lib/platform/net';

// Every route's query and path parameters go through these: a value no query could use (a NUL
// byte, year 10000) is a 400 with a message here, never an error from the database.
const ZDay = z.iso
  .date('Use a day written YYYY-MM-DD.')
  .refine((day) => day >= FIRST_DAY && day <= LAST_DAY, `Use a day between ${FIRST_DAY} and ${LAST_DAY}.`)
  .describe('UTC day, YYYY-MM-DD');

/** A domain name as a filter (the one domain-name rule: IDNs as punycode, lower case, no trailing dot). */
export const ZDomainQuery = z.string().max(253).pipe(ZDomainName);

export const ZDayWindowQuery = z.object({
  from: ZDay.optional().describe('First day (inclusive). Default: 30 days before `to`.'),
  to: ZDay.optional().describe('Day after the last day (exclusive). Default: tomorrow (UTC), i.e. up to and including today.'),
});

export const ZPageQuery = z.object({
  page: z.coerce.number().int().min(1).max(100_000).default(1).describe('Page number, from 1.'),
  per_page: z.coerce.number().int().min(1).max(500).default(50).describe('Items per page (at most 500).'),
});

export const ZDomainParams = z.object({
  domain: ZDomainQuery.describe('Domain name, e.g. example.com'),
});

export const ZPagination = z.object({
  page: z.number().int(),
  per_page: z.number().int(),
  total: z.number().int(),
});
