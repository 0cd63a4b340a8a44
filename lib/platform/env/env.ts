import { z } from 'zod';

// Every setting comes from the environment (.env is loaded by bin/atlas.mjs and by Next).
// .env.example lists each variable with its default; keep the two in step.
const ZEnv = z.object({
  DATABASE_URL: z.string().url().optional(),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  ATLAS_DATA_DIR: z.string().default('.atlas'),
  ATLAS_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  ATLAS_DEMO: z.enum(['auto', 'on', 'off']).default('auto'),
  // Web processes sharing the port (atlas web / npm start): one renders pages on one core.
  ATLAS_WEB_PROCESSES: z.coerce.number().int().min(1).max(64).default(1),
  // Memory per web process for rendered dashboard pages kept while the data is unchanged; 0: off.
  ATLAS_PAGE_CACHE_MB: z.coerce.number().int().min(0).max(4096).default(64),
});

export type TEnv = z.infer<typeof ZEnv>;

export function loadEnv(source: NodeJS.ProcessEnv = process.env): TEnv {
  const parsed = ZEnv.safeParse(source);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid configuration in the environment:\n${lines.join('\n')}\nSee .env.example.`);
  }
  return parsed.data;
}
