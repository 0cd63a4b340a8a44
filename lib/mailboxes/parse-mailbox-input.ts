import type { z } from 'zod';
import { MailboxInputError } from './errors';

/** zod at the boundary, with the first problem as a MailboxInputError naming its field. */
export function parseMailboxInput<T extends z.ZodType>(schema: T, raw: unknown): z.infer<T> {
  const parsed = schema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const field = issue?.path.join('.') || undefined;
  throw new MailboxInputError(field ? `${field}: ${issue.message}` : (issue?.message ?? 'invalid mailbox'), field);
}
