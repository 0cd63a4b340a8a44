import { z } from 'zod';

// Small zod parts shared by the digest and alert schemas.

export const ZCount = z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER);

/** A UTC day, YYYY-MM-DD. */
export const ZDay = z.iso.date();

/**
 * An IANA time zone the runtime knows (Intl throws on unknown zones). An unknown one falls back
 * to UTC: a digest must not go missing because a stored zone was dropped from the tz database.
 */
export const ZTimeZone = z.string().max(64).refine((zone) => {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}, 'unknown time zone').catch('UTC');

/**
 * A dashboard path relative to the base URL ("/domains/example.com/sources"): one leading slash,
 * no scheme and no "//", so a link in a mail can never point at another host.
 */
export const ZPath = z
  .string()
  .max(500)
  .regex(/^\/(?!\/)[^\s\\]*$/, 'a path starting with one "/"');
