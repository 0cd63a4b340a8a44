import { z } from 'zod';

// Length is what matters (NIST SP 800-63B); composition rules only make passwords worse.
export const ZPassword = z
  .string()
  .min(10, 'Use at least 10 characters.')
  .max(1024, 'Use at most 1024 characters.');

export const ZEmail = z.string().trim().toLowerCase().email('Enter a valid e-mail address.').max(320);
