import { z } from 'zod';

const ZDay = z.iso.date().describe('UTC day, YYYY-MM-DD');

export const ZDayWindowQuery = z.object({
  from: ZDay.optional().describe('First day (inclusive). Default: 30 days before `to`.'),
  to: ZDay.optional().describe('Day after the last day (exclusive). Default: tomorrow (UTC), i.e. up to and including today.'),
});

export const ZPageQuery = z.object({
  page: z.coerce.number().int().min(1).max(100_000).default(1).describe('Page number, from 1.'),
  per_page: z.coerce.number().int().min(1).max(500).default(50).describe('Items per page (at most 500).'),
});

export const ZDomainParams = z.object({
  domain: z
    .string()
    .min(1)
    .max(253)
    .transform((v) => v.toLowerCase())
    .describe('Domain name, e.g. example.com'),
});

export const ZPagination = z.object({
  page: z.number().int(),
  per_page: z.number().int(),
  total: z.number().int(),
});
