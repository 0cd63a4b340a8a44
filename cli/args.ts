import { parseArgs, type ParseArgsConfig } from 'node:util';
import { z } from 'zod';

export class UsageError extends Error {}

/** node:util's parseArgs for the shape, zod for the values: one validation layer at the boundary. */
export function parseFlags<T extends z.ZodType>(
  argv: string[],
  options: NonNullable<ParseArgsConfig['options']>,
  schema: T,
): { flags: z.infer<T>; positionals: string[] } {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const result = schema.safeParse(parsed.values);
  if (!result.success) {
    throw new UsageError(result.error.issues.map((i) => `--${i.path.join('.')}: ${i.message}`).join('\n'));
  }
  return { flags: result.data, positionals: parsed.positionals };
}
